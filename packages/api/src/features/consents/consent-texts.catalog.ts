import { DomainError, type ConsentType } from '@virtual-care/domain';

/** One version of a consent text the patient sees (and a clinician reads out for a verbal consent). */
export interface ConsentText {
  type: ConsentType;
  /** Stored on every record captured against this text, e.g. `telehealth-consent-v1`. */
  version: string;
  title: string;
  body: string;
  /** What the clinician attests to when recording the consent verbally. */
  verbalAttestation: string;
}

/**
 * The current consent texts, versioned in code: changing a text means adding a new version here, so every record
 * keeps naming the exact words the patient agreed to. Versions match the demo seed's records.
 */
const CURRENT: Record<ConsentType, ConsentText> = {
  telehealth: {
    type: 'telehealth',
    version: 'telehealth-consent-v1',
    title: 'Video visits (telehealth)',
    body:
      'I agree to receive care through video visits. I understand that a video visit is not the same as an in-person ' +
      'visit, that my clinician may ask me to come in person, and that I can stop a video visit at any time. My clinic ' +
      'protects the visit like any other appointment.',
    verbalAttestation:
      'I read the telehealth consent text to the patient; the patient understood it and agreed verbally.',
  },
  recording: {
    type: 'recording',
    version: 'recording-consent-v1',
    title: 'Recording of video visits',
    body:
      'I agree that my clinician may record a video visit when there is a clinical reason. The recording is kept in my ' +
      'health record under the same protection as other records. I can say no, and I can withdraw this consent at any time; ' +
      'visits are then not recorded.',
    verbalAttestation:
      'I read the recording consent text to the patient; the patient understood it and agreed verbally.',
  },
  ai_processing: {
    type: 'ai_processing',
    version: 'ai-processing-consent-v1',
    title: 'AI help with notes',
    body:
      'I agree that speech-to-text and drafting tools may process what is said in my video visits to help my clinician ' +
      'write notes. My clinician reviews every draft; nothing reaches my record without their approval. I can withdraw ' +
      'this consent at any time.',
    verbalAttestation:
      'I read the AI processing consent text to the patient; the patient understood it and agreed verbally.',
  },
};

export const CONSENT_TYPES = Object.keys(CURRENT) as ConsentType[];

export function currentConsentTexts(): ConsentText[] {
  return CONSENT_TYPES.map((type) => CURRENT[type]);
}

/** The current text of a type; a capture against an older or unknown version is refused (the patient saw other words). */
export function requireCurrentText(type: ConsentType, version: string): ConsentText {
  const text = CURRENT[type];
  if (text.version !== version) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Consent text ${version} is not the current ${type} text`,
      {
        field: 'textVersion',
        currentVersion: text.version,
      },
    );
  }
  return text;
}
