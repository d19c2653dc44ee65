/** Templates: the list on the left, the selected template's editor (or history) on the right. */
import './templates.css';
import { Button, NonIdealState, Spinner, Tab, Tabs } from '@blueprintjs/core';
import { useState } from 'react';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { TemplateList } from './TemplateList';
import { TemplateEditor } from './TemplateEditor';
import { VersionHistory } from './VersionHistory';
import { emptyDraft, useTemplate, useTemplateList } from './template-calls';

type Selection = { kind: 'none' } | { kind: 'new'; key: number } | { kind: 'existing'; id: number };

function ExistingTemplate({ id, notice, onSaved }: { id: number; notice: string | null; onSaved(id: number, version: number, restoredFrom?: number): void }) {
  const template = useTemplate(id);
  const [tab, setTab] = useState<'edit' | 'history'>('edit');
  if (!template.value) {
    if (template.error) {
      return (
        <>
          <ErrorCallout error={template.error} title="The template could not be loaded" />
          <Button className="fd-gap-top" icon="refresh" text="Try again" onClick={template.reload} />
        </>
      );
    }
    return <NonIdealState icon={<Spinner />} title="Loading the template…" />;
  }
  const t = template.value;
  return (
    <Tabs id="template-mode" selectedTabId={tab} onChange={(next) => setTab(next === 'history' ? 'history' : 'edit')} renderActiveTabPanelOnly>
      <Tab
        id="edit"
        title="Edit"
        data-testid="template-tab-edit"
        panel={
          <TemplateEditor
            key={t.id}
            templateId={t.id}
            baseVersion={t.currentVersion}
            initial={t.draft}
            notice={notice}
            onSaved={(saved, version) => {
              template.reload();
              onSaved(saved, version);
            }}
          />
        }
      />
      <Tab
        id="history"
        title={`History (${t.versions.length})`}
        data-testid="template-tab-history"
        panel={
          <VersionHistory
            key={t.currentVersion}
            templateId={t.id}
            versions={t.versions}
            currentVersion={t.currentVersion}
            onRestored={(version, from) => {
              template.reload();
              onSaved(t.id, version, from);
            }}
          />
        }
      />
    </Tabs>
  );
}

export function TemplatesScreen() {
  const list = useTemplateList();
  const [selection, setSelection] = useState<Selection>({ kind: 'none' });
  const [notice, setNotice] = useState<{ id: number; text: string } | null>(null);
  const select = (next: Selection) => {
    setNotice(null);
    setSelection(next);
  };
  const saved = (id: number, version: number, restoredFrom?: number) => {
    list.reload();
    setNotice({ id, text: restoredFrom ? `Restored version ${restoredFrom} as version ${version}` : `Saved as version ${version}` });
  };
  const selectedId = selection.kind === 'existing' ? selection.id : null;

  return (
    <div className="fd-templates" data-testid="screen-templates">
      <TemplateList
        items={list.value}
        loading={list.loading}
        error={list.error}
        selectedId={selectedId}
        onSelect={(id) => select({ kind: 'existing', id })}
        onNew={() => select({ kind: 'new', key: Date.now() })}
        onRetry={list.reload}
      />
      <div className="fd-templates-editor">
        {selection.kind === 'none' && (
          <NonIdealState
            icon="document-open"
            title="Choose a template"
            description="Pick a template on the left to edit it, preview it for a patient or look at its history."
            action={<Button icon="plus" text="New template" onClick={() => select({ kind: 'new', key: Date.now() })} />}
          />
        )}
        {selection.kind === 'new' && (
          <TemplateEditor
            key={selection.key}
            templateId={null}
            baseVersion={null}
            initial={emptyDraft()}
            notice={null}
            onSaved={(id, version) => {
              saved(id, version);
              setSelection({ kind: 'existing', id });
            }}
          />
        )}
        {selection.kind === 'existing' && <ExistingTemplate key={selection.id} id={selection.id} notice={notice?.id === selection.id ? notice.text : null} onSaved={saved} />}
      </div>
    </div>
  );
}
