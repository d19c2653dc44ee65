/**
 * Edits one template: name, category, purpose and tags; content per language and channel; the
 * variables palette; live validation (unknown variables, sensitive fields); a live preview; save
 * as a new version with the core's field-level errors shown inline.
 */
import { Button, Callout, FormGroup, H3, HTMLSelect, InputGroup, Intent, Tab, Tabs, TagInput, Tag } from '@blueprintjs/core';
import { useMemo, useRef, useState } from 'react';
import { issuesByPath, unplacedIssues } from '../../forms/issues';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { useAuth } from '../../auth/AuthContext';
import { roleAllows } from '../../../../shared/ipc/define';
import { useDebounced } from '../../lib/useDebounced';
import { ChannelEditor, type FocusedField } from './ChannelEditor';
import { VariablesPalette } from './VariablesPalette';
import { PreviewPanel } from './PreviewPanel';
import {
  CHANNEL_LABEL,
  TEMPLATE_CHANNELS,
  channelHasContent,
  cleanContent,
  insertAt,
  readField,
  writeField,
  writeWhatsappVariables,
  type DraftContent,
  type TemplateChannel,
} from './template-draft';
import { variablesFor } from '../../../../shared/templates/variables';
import { useTemplateValidation } from './useTemplateValidation';
import { TEMPLATE_CATEGORIES, asCategory, useSaveTemplate, type TemplateDraft } from './template-calls';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Spanish', fr: 'French', de: 'German', pt: 'Portuguese', it: 'Italian', zh: 'Chinese', vi: 'Vietnamese', ar: 'Arabic' };

function languageLabel(code: string): string {
  return LANGUAGE_NAMES[code] ? `${LANGUAGE_NAMES[code]} (${code})` : code;
}

interface EditorProps {
  templateId: number | null;
  baseVersion: number | null;
  initial: TemplateDraft;
  /** "Saved as version 2", kept by the screen because saving reloads (and remounts) the editor. */
  notice: string | null;
  onSaved(id: number, version: number): void;
}

export function TemplateEditor({ templateId, baseVersion, initial, notice, onSaved }: EditorProps) {
  const [draft, setDraft] = useState<TemplateDraft>(initial);
  const [language, setLanguage] = useState<string>(initial.fallbackLanguage);
  const [channel, setChannel] = useState<TemplateChannel>('sms');
  const [newLanguage, setNewLanguage] = useState('');
  const [note, setNote] = useState('');
  const [edited, setEdited] = useState(false);
  const focusRef = useRef<FocusedField | null>(null);
  const save = useSaveTemplate(templateId, baseVersion);
  const { staff } = useAuth();
  const canEdit = roleAllows(staff.role, 'manager');

  const languages = useMemo(() => {
    const set = new Set([draft.fallbackLanguage, ...Object.keys(draft.content)]);
    return [...set];
  }, [draft.content, draft.fallbackLanguage]);

  const settledContent = useDebounced(draft.content, 300);
  const validation = useTemplateValidation(settledContent, draft.category, draft.fallbackLanguage);

  const errors = useMemo(() => ({ ...validation.errors, ...issuesByPath(save.error) }), [validation.errors, save.error]);
  const shownPaths = (path: string) =>
    path === 'name' || path === 'category' || path === 'tags' || path === 'purpose' || path === 'fallbackLanguage' || path.startsWith(`content.${language}.${channel}`);
  const otherIssues = unplacedIssues(issuesByPath(save.error), shownPaths);

  const setContent = (content: DraftContent) => {
    setDraft((d) => ({ ...d, content }));
    setEdited(true);
    // The core's answer was about the old text; the live validation speaks for the new one.
    if (save.error) save.clearError();
  };

  const insertVariable = (snippet: string) => {
    const focused = focusRef.current;
    const target = focused && focused.language === language && focused.channel === channel ? focused : { language, channel, key: channel === 'voice' ? 'script' : 'body', start: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };
    const current = readField(draft.content, target.language, target.channel, target.key);
    const next = insertAt(current, target.start, target.end, snippet);
    setContent(writeField(draft.content, target.language, target.channel, target.key, next.value));
    focusRef.current = { ...target, start: next.caret, end: next.caret };
  };

  const onSave = async () => {
    const saved = await save.submit({ ...draft, content: cleanContent(draft.content) }, note.trim() || undefined);
    if (saved) {
      setNote('');
      setEdited(false);
      onSaved(saved.id, saved.version);
    }
  };

  const hasErrors = Object.keys(validation.errors).length > 0 && Object.keys(cleanContent(draft.content)).length > 0;

  return (
    <div
      data-testid="template-editor"
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          if (canEdit && !save.submitting) void onSave();
        }
      }}
    >
      <div className="fd-screen-header">
        <H3>{templateId ? draft.name || 'Untitled template' : 'New template'}</H3>
        {notice && !edited && (
          <Tag intent={Intent.SUCCESS} icon="tick" data-testid="template-saved">
            {notice}
          </Tag>
        )}
        {templateId !== null && baseVersion !== null && <Tag minimal>current: v{baseVersion}</Tag>}
        <InputGroup placeholder="What changed (optional)" value={note} onValueChange={setNote} aria-label="Version note" data-testid="template-note" />
        <Button
          intent={Intent.PRIMARY}
          icon="floppy-disk"
          text={templateId ? 'Save new version' : 'Create template'}
          title="Ctrl+S"
          loading={save.submitting}
          disabled={!canEdit}
          onClick={() => void onSave()}
          data-testid="template-save"
        />
      </div>

      {!canEdit && (
        <Callout intent={Intent.PRIMARY} icon="lock" className="fd-gap-bottom" data-testid="template-read-only">
          You can read and preview templates. Changing them needs the manager role.
        </Callout>
      )}
      <div className="fd-template-meta">
        <FormGroup label="Name" labelFor="tpl-name" intent={errors.name ? Intent.DANGER : Intent.NONE} helperText={errors.name && <span data-testid="tpl-name-error">{errors.name}</span>}>
          <InputGroup id="tpl-name" value={draft.name} onValueChange={(name) => setDraft((d) => ({ ...d, name }))} intent={errors.name ? Intent.DANGER : Intent.NONE} data-testid="tpl-name" />
        </FormGroup>
        <FormGroup label="Category" labelFor="tpl-category" helperText={errors.category}>
          <HTMLSelect id="tpl-category" fill value={draft.category} onChange={(e) => setDraft((d) => ({ ...d, category: asCategory(e.currentTarget.value) }))} data-testid="tpl-category">
            {TEMPLATE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c.replace('_', ' ')}
              </option>
            ))}
          </HTMLSelect>
        </FormGroup>
        <FormGroup label="Purpose" labelFor="tpl-purpose" helperText={errors.purpose}>
          <HTMLSelect
            id="tpl-purpose"
            fill
            value={draft.purpose}
            onChange={(e) => setDraft((d) => ({ ...d, purpose: e.currentTarget.value === 'marketing' ? 'marketing' : 'transactional' }))}
            data-testid="tpl-purpose"
          >
            <option value="transactional">Transactional / reminders</option>
            <option value="marketing">Marketing (needs opt-in)</option>
          </HTMLSelect>
        </FormGroup>
      </div>
      <FormGroup label="Tags" helperText={errors.tags ?? 'Press Enter after each tag'} intent={errors.tags ? Intent.DANGER : Intent.NONE}>
        <TagInput values={draft.tags} onChange={(values) => setDraft((d) => ({ ...d, tags: values.map(String).map((t) => t.trim()).filter(Boolean) }))} inputProps={{ 'aria-label': 'Tags' }} addOnBlur data-testid="tpl-tags" />
      </FormGroup>

      <ErrorCallout error={save.error} extra={otherIssues} title="The template was not saved" testId="template-save-error" />

      <div className="fd-templates-editor-grid">
        <div>
          <div className="fd-row">
            <Tabs id="template-languages" selectedTabId={language} onChange={(id) => setLanguage(String(id))}>
              {languages.map((code) => (
                <Tab key={code} id={code} title={code === draft.fallbackLanguage ? `${languageLabel(code)} · fallback` : languageLabel(code)} data-testid={`lang-tab-${code}`} />
              ))}
            </Tabs>
            <InputGroup
              size="small"
              placeholder="Add language (e.g. es)"
              value={newLanguage}
              onValueChange={setNewLanguage}
              style={{ width: 150 }}
              aria-label="Add language"
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                const [base = '', region] = newLanguage.trim().split('-');
                const code = region ? `${base.toLowerCase()}-${region.toUpperCase()}` : base.toLowerCase();
                if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(code)) return;
                if (!draft.content[code]) setContent({ ...draft.content, [code]: {} });
                setLanguage(code);
                setNewLanguage('');
              }}
              data-testid="add-language"
            />
            <HTMLSelect
              value={draft.fallbackLanguage}
              onChange={(e) => setDraft((d) => ({ ...d, fallbackLanguage: e.currentTarget.value }))}
              aria-label="Fallback language"
              title="Patients whose language has no text get the fallback language"
              data-testid="tpl-fallback-language"
            >
              {languages.map((code) => (
                <option key={code} value={code}>
                  Fallback: {code}
                </option>
              ))}
            </HTMLSelect>
          </div>
          <Tabs id="template-channels" selectedTabId={channel} onChange={(id) => setChannel(id as TemplateChannel)}>
            {TEMPLATE_CHANNELS.map((c) => (
              <Tab
                key={c}
                id={c}
                title={
                  <span>
                    {CHANNEL_LABEL[c]}
                    {channelHasContent(draft.content, language, c) ? ' •' : ''}
                  </span>
                }
                data-testid={`channel-tab-${c}`}
              />
            ))}
          </Tabs>
          <ChannelEditor
            key={`${language}-${channel}`}
            content={draft.content}
            language={language}
            channel={channel}
            errors={errors}
            focusRef={focusRef}
            onChange={(key, value) => setContent(writeField(draft.content, language, channel, key, value))}
            onWhatsappVariables={(text) => setContent(writeWhatsappVariables(draft.content, language, text))}
          />
          {validation.sensitive.length > 0 && (
            <Callout intent={Intent.WARNING} icon="warning-sign" title="Sensitive details on SMS, WhatsApp or voice" data-testid="sensitive-warning" className="fd-gap-bottom">
              <ul>
                {validation.sensitive.map((w) => (
                  <li key={`${w.path}:${w.variable ?? ''}`}>
                    {w.message} <span className="fd-muted">({w.path.replace(/^content\./, '')})</span>
                  </li>
                ))}
              </ul>
              You may save it, but consider a neutral wording: these channels are not private.
            </Callout>
          )}
          {validation.otherWarnings.length > 0 && (
            <Callout intent={Intent.NONE} icon="info-sign" data-testid="template-warnings" className="fd-gap-bottom">
              <ul>
                {validation.otherWarnings.map((w) => (
                  <li key={`${w.path}:${w.kind}`}>{w.message}</li>
                ))}
              </ul>
            </Callout>
          )}
          {hasErrors && !save.error && (
            <Callout intent={Intent.DANGER} icon="error" data-testid="template-live-errors" className="fd-gap-bottom">
              This template cannot be saved yet:
              <ul>
                {Object.entries(validation.errors).map(([path, message]) => (
                  <li key={path}>
                    {message} <span className="fd-muted">({path.replace(/^content\./, '')})</span>
                  </li>
                ))}
              </ul>
            </Callout>
          )}
          <VariablesPalette variables={variablesFor(channel, draft.category)} onInsert={insertVariable} />
        </div>
        <PreviewPanel content={settledContent} draft={draft} language={language} channel={channel} blockedBy={Object.values(validation.errors)[0] ?? null} />
      </div>
    </div>
  );
}
