/// <reference types="vite/client" />
/**
 * Blueprint draws an icon given by name (`icon="inbox"`) once that icon's paths are loaded. Its
 * default loader fetches every icon of a size in one chunk of about 400 KB (two sizes, two
 * chunks), after the first render, and then draws every icon again. The icons this app names are
 * bundled instead, their 16 px paths in the app's code and their 20 px ones (big empty-state
 * icons) in small chunks of their own, and the 16 px ones are in Blueprint's cache before the
 * first render, so rows draw their icons in the first frame. Any other name still loads, through
 * Blueprint's own loader.
 *
 * The list is the icon names written in renderer/src; icons.test.ts fails when a new one is
 * missing from it.
 */
import { Icons, IconSize, type IconName } from '@blueprintjs/icons';
import type { IconPathsLoader } from '@blueprintjs/icons/lib/esm/iconLoader';
import { splitPathsBySizeLoader } from '@blueprintjs/icons/lib/esm/paths-loaders/splitPathsBySizeLoader';

type Paths = string[];

const PATHS_16 = import.meta.glob<Paths>(
  '../../../node_modules/@blueprintjs/icons/lib/esm/generated/16px/paths/{add,annotation,archive,arrow-down,arrow-left,arrow-right,arrow-up,blocked-person,calendar,cell-tower,chat,chevron-down,chevron-left,chevron-right,cog,comparison,cross,dashboard,delete,disable,document,document-open,download,edit,envelope,error,export,feed,filter,flash,floppy-disk,history,import,inbox,info-sign,key,key-command,lightning,list,lock,log-out,mobile-phone,moon,new-person,new-text-box,notifications,offline,pause,people,person,phone,play,plus,refresh,search,send-message,settings,stop,tick,tick-circle,time,timeline-line-chart,trash,unarchive,undo,updated,warning-sign}.js',
  { eager: true, import: 'default' },
);
const PATHS_20 = import.meta.glob<Paths>(
  '../../../node_modules/@blueprintjs/icons/lib/esm/generated/20px/paths/{add,annotation,archive,arrow-down,arrow-left,arrow-right,arrow-up,blocked-person,calendar,cell-tower,chat,chevron-down,chevron-left,chevron-right,cog,comparison,cross,dashboard,delete,disable,document,document-open,download,edit,envelope,error,export,feed,filter,flash,floppy-disk,history,import,inbox,info-sign,key,key-command,lightning,list,lock,log-out,mobile-phone,moon,new-person,new-text-box,notifications,offline,pause,people,person,phone,play,plus,refresh,search,send-message,settings,stop,tick,tick-circle,time,timeline-line-chart,trash,unarchive,undo,updated,warning-sign}.js',
  { import: 'default' },
);

/** `…/16px/paths/mobile-phone.js` → `mobile-phone`. */
const iconOf = (file: string): string => file.slice(file.lastIndexOf('/') + 1, -'.js'.length);

const bundled16 = new Map<string, Paths>(Object.entries(PATHS_16).map(([file, paths]) => [iconOf(file), paths]));
const bundled20 = new Map<string, () => Promise<Paths>>(Object.entries(PATHS_20).map(([file, load]) => [iconOf(file), load]));

/** The icon names bundled with the app (for the test that keeps the list complete). */
export const BUNDLED_ICONS: readonly string[] = [...bundled16.keys()];
export const BUNDLED_ICONS_20: readonly string[] = [...bundled20.keys()];

export const bundledIconLoader: IconPathsLoader = async (name, size) => {
  if (size < IconSize.LARGE) {
    const paths = bundled16.get(name);
    if (paths) return paths;
  } else {
    const load = bundled20.get(name);
    if (load) return load();
  }
  return splitPathsBySizeLoader(name, size);
};

/**
 * Makes Blueprint load icons through the bundled paths and puts the 16 px ones in its cache. It
 * resolves without any download (the paths are in this module), so awaiting it before the first
 * render costs a few microtasks.
 */
export async function installIcons(): Promise<void> {
  Icons.setLoaderOptions({ loader: bundledIconLoader });
  await Icons.load(BUNDLED_ICONS.filter((name): name is IconName => Icons.isValidIconName(name)), IconSize.STANDARD);
}
