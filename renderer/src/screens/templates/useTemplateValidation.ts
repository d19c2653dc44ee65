/**
 * Live validation in the editor with the same shared validator the core runs at save time:
 * unknown variables and other blocking issues per field, and warnings (sensitive fields on
 * SMS/WhatsApp/voice, Unicode or long SMS, missing translations). Saving still goes through the
 * core, which refuses what this reports.
 */
import { useMemo } from 'react';
import { validateTemplateContent, type TemplateWarning } from '../../../../shared/templates/validate';
import type { TemplateCategory } from '../../../../shared/templates/variables';
import { useClinic } from '../../lib/ClinicContext';
import { cleanContent, type DraftContent } from './template-draft';

export interface LiveValidation {
  /** Blocking problems by field path (`content.en.sms.body`). */
  errors: Record<string, string>;
  sensitive: TemplateWarning[];
  otherWarnings: TemplateWarning[];
}

export function useTemplateValidation(content: DraftContent, category: TemplateCategory, fallbackLanguage: string): LiveValidation {
  const { settings } = useClinic();
  return useMemo(() => {
    const result = validateTemplateContent(cleanContent(content), {
      category,
      fallbackLanguage,
      timeZone: settings.timeZone,
      clinic: { name: settings.clinicName, phone: settings.clinicPhone },
    });
    const errors: Record<string, string> = {};
    for (const issue of result.issues) if (!(issue.path in errors)) errors[issue.path] = issue.message;
    return {
      errors,
      sensitive: result.warnings.filter((w) => w.kind === 'sensitive'),
      otherWarnings: result.warnings.filter((w) => w.kind !== 'sensitive'),
    };
  }, [content, category, fallbackLanguage, settings.timeZone, settings.clinicName, settings.clinicPhone]);
}
