'use client';

import { useTranslations } from 'next-intl';

/**
 * The scribe's answers in the clinician's words: a refusal, the AI service down, the patient's AI consent
 * missing, each with what to do; the visit itself is never affected. Other codes get the common sentences.
 */
export function useScribeErrorText(): (code: string | null) => string {
  const t = useTranslations('clinician.scribe.problems');
  const common = useTranslations('common.apiErrors');
  return (code) => {
    switch (code) {
      case 'AI_COMPLETION_REFUSED':
        return t('refused');
      case 'AI_GATEWAY_UNAVAILABLE':
        return t('gatewayDown');
      case 'CONSENT_REQUIRED':
        return t('consentNeeded');
      case 'FHIR_GATEWAY_UNAVAILABLE':
        return t('chartUnavailable');
      case 'INVALID_STATUS_TRANSITION':
        return t('visitNotActive');
      case 'VALIDATION_FAILED':
        return t('noTranscript');
      case null:
        return common('network');
      default:
        return common.has(code as 'unknown') ? common(code as 'unknown') : common('unknown');
    }
  };
}
