/**
 * Every version of a template, newest first. Pick two to compare (side-by-side line diff) and
 * restore an older one in one click (the core saves it as a new version).
 */
import { Button, H5, HTMLSelect, Intent, NonIdealState, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { ErrorCallout } from '../../forms/ErrorCallout';
import { useAuth } from '../../auth/AuthContext';
import { roleAllows } from '../../../../shared/ipc/define';
import { formatDateTime } from '../../../../shared/datetime';
import { useWhere } from '../../lib/useWhere';
import { VersionDiff } from './VersionDiff';
import { contentAsText } from './template-draft';
import { useRollback, type TemplateVersionItem } from './template-calls';

export function VersionHistory({ templateId, versions, currentVersion, onRestored }: { templateId: number; versions: TemplateVersionItem[]; currentVersion: number; onRestored(version: number, from: number): void }) {
  const where = useWhere();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const [compareFrom, setCompareFrom] = useState<number | null>(sorted[1]?.version ?? null);
  const [compareTo, setCompareTo] = useState<number>(currentVersion);
  const rollback = useRollback();
  const { staff } = useAuth();
  const canRestore = roleAllows(staff.role, 'manager');

  if (sorted.length === 0) return <NonIdealState icon="history" title="No versions yet" />;
  const from = sorted.find((v) => v.version === compareFrom) ?? null;
  const to = sorted.find((v) => v.version === compareTo) ?? sorted[0]!;

  const restore = async (version: number) => {
    const done = await rollback.submit(templateId, version);
    if (done) {
      setCompareFrom(version);
      setCompareTo(done.version);
      onRestored(done.version, version);
    }
  };

  return (
    <div className="fd-history" data-testid="version-history">
      <div className="fd-version-list">
        <H5>Versions</H5>
        <ErrorCallout error={rollback.error} title="The version was not restored" testId="rollback-error" />
        <ul className="bp6-list-unstyled">
          {sorted.map((v) => (
            <li key={v.version} className="fd-gap-bottom" data-testid={`version-${v.version}`}>
              <div className="fd-row">
                <strong>v{v.version}</strong>
                {v.version === currentVersion && (
                  <Tag intent={Intent.SUCCESS} minimal data-testid="version-current">
                    current
                  </Tag>
                )}
                {v.restoredFromVersion !== null && <Tag minimal>restored from v{v.restoredFromVersion}</Tag>}
              </div>
              <div className="fd-muted">
                {formatDateTime(v.createdAt, where)}
                {v.createdByName ? ` · ${v.createdByName}` : ''}
              </div>
              {v.note && <div>{v.note}</div>}
              <div className="fd-row">
                <Button size="small" variant="minimal" icon="comparison" text="Compare with current" onClick={() => { setCompareFrom(v.version); setCompareTo(currentVersion); }} disabled={v.version === currentVersion} data-testid={`compare-${v.version}`} />
                {v.version !== currentVersion && canRestore && (
                  <Button size="small" intent={Intent.WARNING} icon="history" text="Restore" loading={rollback.submitting} onClick={() => void restore(v.version)} data-testid={`restore-${v.version}`} />
                )}
              </div>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <div className="fd-row fd-gap-bottom">
          <span>Compare</span>
          <HTMLSelect value={compareFrom ?? ''} onChange={(e) => setCompareFrom(e.currentTarget.value ? Number(e.currentTarget.value) : null)} aria-label="Older version" data-testid="diff-from">
            <option value="">(nothing)</option>
            {sorted.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </HTMLSelect>
          <span>with</span>
          <HTMLSelect value={compareTo} onChange={(e) => setCompareTo(Number(e.currentTarget.value))} aria-label="Newer version" data-testid="diff-to">
            {sorted.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </HTMLSelect>
        </div>
        <VersionDiff before={from ? contentAsText(from.content) : ''} after={contentAsText(to.content)} beforeLabel={from ? `v${from.version}` : '(nothing)'} afterLabel={`v${to.version}`} />
      </div>
    </div>
  );
}
