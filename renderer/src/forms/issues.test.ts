import { describe, expect, it } from 'vitest';
import { issuesByPath, unplacedIssues, withoutPath } from './issues';

describe('field issues', () => {
  const error = {
    code: 'validation' as const,
    message: 'Invalid input',
    issues: [
      { path: 'contactPoints.0.value', message: '"555" is not a valid phone number for US' },
      { path: 'contactPoints.0.value', message: 'second message for the same field' },
      { path: 'tags.3', message: 'Too long' },
      { path: '', message: 'Form-level problem' },
    ],
  };

  it('keeps the first message per path and skips path-less issues', () => {
    expect(issuesByPath(error)).toEqual({ 'contactPoints.0.value': '"555" is not a valid phone number for US', 'tags.3': 'Too long' });
    expect(issuesByPath(undefined)).toEqual({});
  });

  it('lists the issues no field shows, and drops one path once its field is edited', () => {
    const byPath = issuesByPath(error);
    expect(unplacedIssues(byPath, (p) => p.startsWith('contactPoints'))).toEqual(['tags.3: Too long']);
    expect(withoutPath(byPath, 'tags.3')).toEqual({ 'contactPoints.0.value': '"555" is not a valid phone number for US' });
    expect(withoutPath(byPath, 'absent')).toBe(byPath);
  });
});
