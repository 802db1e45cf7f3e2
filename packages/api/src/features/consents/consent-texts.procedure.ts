import { z } from 'zod';
import { currentConsentTexts } from './consent-texts.catalog';
import { consentTextsOutputSchema } from './consent.schema';
import { protectedProcedure } from '../../edge/trpc';

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
