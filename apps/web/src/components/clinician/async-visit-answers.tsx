'use client';

import { useTranslations } from 'next-intl';
import type { AsyncVisit } from './async-visit-status';

/**
 * The patient's answers to the intake questions, each under the question as they read it. Both are in the patient's
 * language, which may not be the clinician's: `dir="auto"` lets a Dari answer read right to left on an English page.
 */
export function AsyncVisitAnswers({ answers }: { answers: AsyncVisit['answers'] }) {
  const t = useTranslations('clinician.asyncVisits');
  if (answers.length === 0) return <p>{t('noIntakeAnswers')}</p>;
  return (
    <dl className="vc-async-answers">
      {answers.map((entry) => (
        <div key={entry.questionId}>
          <dt dir="auto">{entry.question}</dt>
          <dd dir="auto">{entry.answer}</dd>
        </div>
      ))}
    </dl>
  );
}
