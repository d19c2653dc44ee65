import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveRendererFile } from './renderer-files';

const root = path.resolve('/srv/out/renderer');

describe('resolveRendererFile', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://frontdesk/assets/index-abc.js')).toEqual({
      file: path.join(root, 'assets', 'index-abc.js'),
      spaFallback: false,
    });
    expect(resolveRendererFile(root, 'app://frontdesk/')?.file).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://frontdesk')?.file).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://frontdesk/index.html?x=1#y')?.file).toBe(path.join(root, 'index.html'));
  });

  it('marks extension-less paths as client-side routes', () => {
    expect(resolveRendererFile(root, 'app://frontdesk/inbox/42')).toEqual({ file: path.join(root, 'inbox', '42'), spaFallback: true });
  });

  it.each([
    'app://frontdesk/../../etc/passwd',
    'app://frontdesk/%2e%2e/%2e%2e/etc/passwd',
    'app://frontdesk/assets/%2E%2E%2F%2E%2E%2F..%2Fsecrets.json',
    'app://frontdesk/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  ])('never reads outside the root: %s', (url) => {
    const target = resolveRendererFile(root, url);
    if (target !== null) expect(target.file.startsWith(root + path.sep)).toBe(true);
  });

  it.each([
    'app://frontdesk/..%5c..%5cwindows%5cwin.ini',
    'app://frontdesk/index.html%00.png',
    'app://frontdesk/%E0%A4%A',
    'app://evil/index.html',
    'https://frontdesk/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveRendererFile(root, url)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer build output', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a/x.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a/font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a/blob')).toBe('application/octet-stream');
  });
});
