// Where the native stack keeps downloads, data, logs and PID files. One git-ignored folder (SLUICE_HOME).
import { resolve } from 'node:path';

export interface Layout {
  home: string;
  downloads: string;
  data: (component: string) => string;
  /** Data that every node of a kind shares (one node's own data is data()): the same as data() on a single node. */
  shared: (component: string) => string;
  log: (component: string) => string;
  logs: string;
  pidFile: (component: string) => string;
  run: string;
}

export function createLayout(home: string, downloads?: string): Layout {
  const root = resolve(home);
  return {
    home: root,
    downloads: downloads ? resolve(downloads) : `${root}/downloads`,
    data: (component) => `${root}/data/${component}`,
    shared: (component) => `${root}/data/${component}`,
    logs: `${root}/logs`,
    log: (component) => `${root}/logs/${component}.log`,
    run: `${root}/run`,
    pidFile: (component) => `${root}/run/${component}.pid.json`,
  };
}
