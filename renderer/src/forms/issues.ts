/** Field-level issues from a failed call (`error.issues`, paths like `contactPoints.0.value`). */
import type { CallError } from '../../../shared/ipc/result';

export type FieldErrors = Record<string, string>;

export function issuesByPath(error: CallError | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error?.issues ?? []) {
    if (issue.path && !(issue.path in out)) out[issue.path] = issue.message;
  }
  return out;
}

/** Issues that no visible field shows, so the form's callout can list them. */
export function unplacedIssues(errors: FieldErrors, shown: (path: string) => boolean): string[] {
  return Object.entries(errors)
    .filter(([path]) => !shown(path))
    .map(([path, message]) => `${path}: ${message}`);
}

export function withoutPath(errors: FieldErrors, path: string): FieldErrors {
  if (!(path in errors)) return errors;
  const next = { ...errors };
  delete next[path];
  return next;
}
