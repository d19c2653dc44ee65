/**
 * Templates (DESIGN section 2): versioned per-channel, per-language content.
 * Segment counting needs no call: the renderer runs `countSmsSegments` from shared/templates.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema, purposeSchema } from '../domain';
import { languageTagSchema, templateContentSchema } from '../templates/content';

export const TEMPLATE_CATEGORIES = ['appointment', 'recall', 'billing', 'broadcast', 'quick_reply', 'reminder', 'system'] as const;
export const templateCategorySchema = z.enum(TEMPLATE_CATEGORIES);

const templateName = z.string().trim().min(1, 'Give the template a name').max(100);
const tags = z.array(z.string().trim().min(1).max(40)).max(30);

export const templateSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  category: templateCategorySchema,
  purpose: purposeSchema,
  tags: z.array(z.string()),
  fallbackLanguage: z.string(),
  archived: z.boolean(),
  /** Version number of the current version (0 when none). */
  currentVersion: z.number().int(),
  languages: z.array(z.string()),
  channels: z.array(channelSchema),
  updatedAt: instantSchema,
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateVersionSchema = z.object({
  id: idSchema,
  version: z.number().int().positive(),
  content: templateContentSchema,
  note: z.string().nullable(),
  restoredFromVersion: z.number().int().nullable(),
  createdBy: idSchema.nullable(),
  createdByName: z.string().nullable(),
  createdAt: instantSchema,
});
export type TemplateVersionView = z.infer<typeof templateVersionSchema>;

export const templateDetailSchema = templateSummarySchema.extend({
  currentVersionId: idSchema.nullable(),
  content: templateContentSchema,
  /** Newest first. */
  versions: z.array(templateVersionSchema),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;

const issueSchema = z.object({ path: z.string(), message: z.string(), name: z.string().optional() });
const warningSchema = z.object({
  path: z.string(),
  kind: z.enum(['sensitive', 'sms_unicode', 'sms_long', 'voice_long', 'missing_translation']),
  message: z.string(),
  variable: z.string().optional(),
});
const segmentInfoSchema = z.object({
  encoding: z.enum(['GSM-7', 'UCS-2']),
  segments: z.number().int(),
  characters: z.number().int(),
  units: z.number().int(),
  unitsPerSegment: z.number().int(),
  remainingInSegment: z.number().int(),
  nonGsmCharacters: z.array(z.string()),
  tooLong: z.boolean(),
});

export const templateValidationSchema = z.object({
  ok: z.boolean(),
  issues: z.array(issueSchema),
  warnings: z.array(warningSchema),
  smsSegments: z.record(z.string(), segmentInfoSchema),
});

const renderedBase = { language: z.string(), usedFallback: z.boolean() };
export const renderedMessageSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('sms'), ...renderedBase, body: z.string(), segments: segmentInfoSchema }),
  z.object({ channel: z.literal('email'), ...renderedBase, subject: z.string(), html: z.string(), text: z.string() }),
  z.object({
    channel: z.literal('whatsapp'),
    ...renderedBase,
    contentSid: z.string().nullable(),
    contentVariables: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  }),
  z.object({ channel: z.literal('voice'), ...renderedBase, script: z.string() }),
]);

export const templateCalls = {
  'templates.list': defineCall({
    input: z
      .object({
        category: templateCategorySchema.optional(),
        tag: z.string().trim().min(1).max(40).optional(),
        query: z.string().max(100).optional(),
        includeArchived: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ items: z.array(templateSummarySchema) }),
    access: 'receptionist',
    mutates: false,
    summary: 'Templates, optionally by category, tag or name.',
  }),
  'templates.get': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: templateDetailSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'One template with its current content and every version.',
  }),
  'templates.create': defineCall({
    input: z
      .object({
        name: templateName,
        category: templateCategorySchema,
        purpose: purposeSchema,
        tags: tags.optional(),
        fallbackLanguage: languageTagSchema,
        content: templateContentSchema,
        note: z.string().trim().max(500).optional(),
      })
      .strict(),
    output: templateDetailSchema,
    access: 'manager',
    mutates: true,
    summary: 'Create a template; its content is validated and becomes version 1.',
  }),
  'templates.saveVersion': defineCall({
    input: z
      .object({
        id: idSchema,
        content: templateContentSchema,
        /** The version the editor started from; a newer one saved meanwhile is a conflict. */
        baseVersion: z.number().int().min(0).optional(),
        note: z.string().trim().max(500).optional(),
        name: templateName.optional(),
        category: templateCategorySchema.optional(),
        purpose: purposeSchema.optional(),
        tags: tags.optional(),
        fallbackLanguage: languageTagSchema.optional(),
      })
      .strict(),
    output: templateDetailSchema,
    access: 'manager',
    mutates: true,
    summary: 'Validate and save new content as a new version (field-level issues when invalid).',
  }),
  'templates.rollback': defineCall({
    input: z.object({ id: idSchema, version: z.number().int().positive(), note: z.string().trim().max(500).optional() }).strict(),
    output: templateDetailSchema,
    access: 'manager',
    mutates: true,
    summary: 'Restore an earlier version as a new version.',
  }),
  'templates.archive': defineCall({
    input: z.object({ id: idSchema, archived: z.boolean() }).strict(),
    output: templateDetailSchema,
    access: 'manager',
    mutates: true,
    summary: 'Archive or restore a template.',
  }),
  'templates.validate': defineCall({
    input: z
      .object({
        content: templateContentSchema,
        category: templateCategorySchema,
        fallbackLanguage: languageTagSchema,
      })
      .strict(),
    output: templateValidationSchema,
    access: 'receptionist',
    mutates: false,
    summary: "Live validation for the editor: issues per field, warnings, SMS segments with sample values.",
  }),
  'templates.preview': defineCall({
    input: z
      .object({
        /** A saved template (its current version unless `version` is given)… */
        templateId: idSchema.optional(),
        version: z.number().int().positive().optional(),
        /** …or unsaved content from the editor (needs `category`). */
        content: templateContentSchema.optional(),
        category: templateCategorySchema.optional(),
        fallbackLanguage: languageTagSchema.optional(),
        channel: channelSchema,
        /** Defaults to the patient's language, else the fallback language. */
        language: languageTagSchema.optional(),
        /** Without a patient, sample values are used. */
        patientId: idSchema.optional(),
        appointmentId: idSchema.optional(),
      })
      .strict()
      .refine((v) => (v.templateId !== undefined) !== (v.content !== undefined), 'Give either a saved template or content')
      .refine((v) => v.content === undefined || v.category !== undefined, 'Unsaved content needs a category'),
    output: z.object({ rendered: renderedMessageSchema, warnings: z.array(warningSchema) }),
    access: 'receptionist',
    mutates: false,
    summary: 'Render a template for a chosen patient and appointment (or sample values).',
  }),
};
