/**
 * Copies the project for builds that must not touch the working tree (the
 * benchmark, the build tests): sources, config and scripts are copied, and
 * node_modules is linked package by package so Astro's caches
 * (node_modules/.astro, .vite) stay private to the copy.
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** What a copy needs to build: everything else is generated. */
const COPIED = ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json'];
/** Cache folders inside node_modules that each copy must have to itself. */
const PRIVATE_CACHES = new Set(['.astro', '.vite', '.cache']);

/** Copies the project at `root` into the existing empty folder `target`. */
export function copyProject(root: string, target: string): void {
  for (const entry of COPIED) cpSync(join(root, entry), join(target, entry), { recursive: true });
  linkNodeModules(root, target);
}

/** Gives `target` a node_modules of links to `root`'s packages, with caches of its own. */
export function linkNodeModules(root: string, target: string): void {
  const modules = join(target, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (!PRIVATE_CACHES.has(name))
      symlinkSync(join(root, 'node_modules', name), join(modules, name));
  }
}
