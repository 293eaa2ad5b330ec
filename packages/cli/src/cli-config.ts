import { readFile } from 'node:fs/promises';
import { loadConfig, ConfigError, type ModelwatchConfig } from '@modelwatch/core';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './cli-command.ts';

/** Splits `--name value` and `--name=value` flags from positional arguments. */
export function parseFlags(args: readonly string[], known: readonly string[]): { flags: Map<string, string[]>; positional: string[] } {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}; the options are ${known.map((k) => `--${k}`).join(', ')}`);
    let value = eq > 0 ? arg.slice(eq + 1) : args[i + 1];
    if (eq < 0) i++;
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}

/**
 * The configuration for a command: defaults, then the file named by `--config` (or
 * MODELWATCH_CONFIG), then MODELWATCH_* variables, then `overrides` from command-line flags.
 */
export async function loadCliConfig(
  env: Readonly<Record<string, string | undefined>>,
  configFile: string | undefined,
  overrides: Record<string, string> = {},
): Promise<ModelwatchConfig> {
  const fileName = configFile ?? env['MODELWATCH_CONFIG'];
  let file: unknown;
  if (fileName) {
    let text: string;
    try {
      text = await readFile(fileName, 'utf8');
    } catch (error) {
      throw new ConfigError([`config file ${fileName} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path given to --config`]);
    }
    try {
      file = parseYaml(text);
    } catch (error) {
      throw new ConfigError([`config file ${fileName} is not valid YAML or JSON: ${(error as Error).message}`]);
    }
  }
  return loadConfig({ file, ...(fileName ? { fileName } : {}), env: { ...env, ...overrides } });
}
