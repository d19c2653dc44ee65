/** Light or dark theme, kept in localStorage and applied as Blueprint's dark class on <body>. */
import { Classes } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const KEY = 'frontdesk.theme';

function storedTheme(): Theme {
  return localStorage.getItem(KEY) === 'dark' ? 'dark' : 'light';
}

export function useTheme(): { theme: Theme; toggle(): void } {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  useEffect(() => {
    document.body.classList.toggle(Classes.DARK, theme === 'dark');
    localStorage.setItem(KEY, theme);
  }, [theme]);
  const toggle = useCallback(() => setTheme((t) => (t === 'dark' ? 'light' : 'dark')), []);
  return { theme, toggle };
}
