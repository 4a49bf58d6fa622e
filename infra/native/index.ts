// The native stack as a whole: its components in start order, and the context they share.
import type { Component } from './component.js';
import { createStackContext, loadStackConfig, type StackContext } from './context.js';
import { findJavaHome } from './javaHome.js';
import { ensureRunAs } from './runAs.js';
import { postgres } from './components/postgres.js';
import { kafka } from './components/kafka.js';
import { connect } from './components/connect.js';
import { elasticsearch } from './components/elasticsearch.js';
import { appComponents } from './components/apps.js';

export const infraComponents: Component[] = [postgres, kafka, elasticsearch, connect];

export const allComponents = (): Component[] => [...infraComponents, ...appComponents()];

export function createContext(env: Record<string, string | undefined>, say: (line: string) => void): StackContext {
  const config = loadStackConfig(env);
  return createStackContext(config, { runAs: ensureRunAs(config.SLUICE_RUN_AS), javaHome: findJavaHome(env), say });
}

export { up, down, status, ComponentFailedError } from './stack.js';
