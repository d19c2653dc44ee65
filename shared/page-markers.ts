/**
 * Marks the renderer build writes into index.html and the entry script reads
 * (scripts/vite-critical-css.ts; renderer/src/full-stylesheet.ts).
 */

/** The preload of the page's full stylesheet, which the entry script turns into a stylesheet. */
export const FULL_STYLESHEET_ATTRIBUTE = 'data-full-stylesheet';
/** The first screen's rules, inline. */
export const FIRST_SCREEN_STYLE_ATTRIBUTE = 'data-first-screen-css';
