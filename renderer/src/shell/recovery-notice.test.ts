import { describe, expect, it } from 'vitest';
import { readRecoveryNotice } from './recovery-notice';

describe('recovery notice', () => {
  it('turns ?recovered= into a message and removes it from the address', () => {
    const crashed = readRecoveryNotice('app://frontdesk/index.html?recovered=crashed#/inbox');
    expect(crashed.message).toContain('stopped working and was reloaded');
    expect(crashed.cleanUrl).toBe('app://frontdesk/index.html#/inbox');
    const hung = readRecoveryNotice('http://127.0.0.1:5173/?token=abc&recovered=unresponsive');
    expect(hung.message).toContain('stopped responding');
    expect(hung.cleanUrl).toBe('http://127.0.0.1:5173/?token=abc');
  });

  it('says nothing on a normal start', () => {
    expect(readRecoveryNotice('app://frontdesk/index.html')).toEqual({ message: null, cleanUrl: 'app://frontdesk/index.html' });
  });
});
