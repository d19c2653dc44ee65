import { Callout, Intent } from '@blueprintjs/core';
import type { CallError } from '../../../shared/ipc/result';

/** The readable message of a failed call, plus any field issues no field shows. */
export function ErrorCallout({ error, extra = [], title, testId = 'error-callout' }: { error: CallError | undefined; extra?: string[]; title?: string; testId?: string }) {
  if (!error) return null;
  return (
    <Callout intent={Intent.DANGER} title={title} data-testid={testId} role="alert" className="fd-callout">
      {error.issues && error.issues.length > 0 && extra.length === 0 && error.code === 'validation' ? 'Please correct the highlighted fields.' : error.message}
      {extra.length > 0 && (
        <ul className="fd-issue-list">
          {extra.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </Callout>
  );
}
