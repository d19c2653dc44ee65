/** The conversation list's row height, shared by the list and the entry script's first screen. */
export const ROW_HEIGHT = 68;
