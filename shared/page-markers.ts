/**
 * Marks the renderer build writes into index.html and the entry script reads
 * (scripts/vite-critical-css.ts, scripts/vite-preload-app.ts; renderer/src/full-stylesheet.ts,
 * renderer/src/deferred-downloads.ts).
 */

/** A preload held back until the entry script has sent its start-up calls. */
export const AFTER_CALLS_ATTRIBUTE = 'data-after-calls';
/** A media query no page matches: the browser does not fetch a preload it does not apply to. */
export const HELD_MEDIA = 'not all';
/** The preload of the page's full stylesheet, which the entry script turns into a stylesheet. */
export const FULL_STYLESHEET_ATTRIBUTE = 'data-full-stylesheet';
/** The first screen's rules, inline. */
export const FIRST_SCREEN_STYLE_ATTRIBUTE = 'data-first-screen-css';
