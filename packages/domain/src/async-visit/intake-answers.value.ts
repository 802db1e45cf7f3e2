import { DomainError } from '../errors/domain.errors';

/** One intake question as the patient saw it (their language, so the clinician reads what was asked) and its answer. */
export interface IntakeAnswer {
  /** A short stable key (`onset`), the same in every language. */
  questionId: string;
  question: string;
  answer: string;
}

export const MAX_INTAKE_ANSWERS = 20;
export const MAX_INTAKE_QUESTION_LENGTH = 300;
export const MAX_INTAKE_ANSWER_LENGTH = 1000;
export const INTAKE_QUESTION_ID_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** The questions asked when the tenant configured none; the patient page shows its own localized text for each id. */
export const DEFAULT_INTAKE_QUESTION_IDS = ['onset', 'severity', 'fever', 'medicines'] as const;
export type DefaultIntakeQuestionId = (typeof DEFAULT_INTAKE_QUESTION_IDS)[number];

/** The default questions' English wording, for a client that has no localized text of its own. */
export const DEFAULT_INTAKE_QUESTIONS: Readonly<Record<DefaultIntakeQuestionId, string>> = {
  onset: 'Since when?',
  severity: 'How bad is it (mild / moderate / severe)?',
  fever: 'Do you have a fever?',
  medicines: 'What medicines are you taking?',
};

function refuse(message: string, field: string, extra: Record<string, unknown> = {}): never {
  throw new DomainError('VALIDATION_FAILED', message, { field, ...extra });
}

/**
 * The answers as the visit keeps them: trimmed, in the order asked. A question left blank is dropped (every intake
 * question may be skipped); anything else out of bounds is refused, naming the offending field.
 */
export function intakeAnswers(answers: readonly IntakeAnswer[]): IntakeAnswer[] {
  if (answers.length > MAX_INTAKE_ANSWERS) {
    refuse(`A visit takes at most ${MAX_INTAKE_ANSWERS} answers`, 'answers', {
      max: MAX_INTAKE_ANSWERS,
      count: answers.length,
    });
  }
  const asked = new Set<string>();
  const kept: IntakeAnswer[] = [];
  for (const [index, entry] of answers.entries()) {
    const field = `answers.${index}`;
    if (!INTAKE_QUESTION_ID_PATTERN.test(entry.questionId)) {
      refuse('A question id is a short lowercase key', `${field}.questionId`);
    }
    if (asked.has(entry.questionId)) refuse('A question is answered twice', `${field}.questionId`);
    asked.add(entry.questionId);
    const question = entry.question.trim();
    if (question === '' || question.length > MAX_INTAKE_QUESTION_LENGTH) {
      refuse(
        `A question of 1 to ${MAX_INTAKE_QUESTION_LENGTH} characters is required`,
        `${field}.question`,
      );
    }
    const answer = entry.answer.trim();
    if (answer.length > MAX_INTAKE_ANSWER_LENGTH) {
      refuse(`An answer has at most ${MAX_INTAKE_ANSWER_LENGTH} characters`, `${field}.answer`);
    }
    if (answer !== '') kept.push({ questionId: entry.questionId, question, answer });
  }
  return kept;
}
