import { z } from 'zod';
import { currentConsentTexts } from '../consents/consent-texts.catalog';
import { consentTextsOutputSchema } from '../schemas/consent.schema';
import { protectedProcedure } from '../trpc';

export const consentTextsProcedure = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/consents/texts',
      tags: ['consents'],
      protect: true,
      summary: 'The current consent texts with their versions',
    },
  })
  .input(z.void())
  .output(consentTextsOutputSchema)
  .query(() => ({ items: currentConsentTexts() }));
