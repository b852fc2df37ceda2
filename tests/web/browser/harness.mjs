// What the browser tests share: Debian's Chromium with the switches a closed
// network needs, a watcher that fails a step on any page error the test did
// not expect, numbered screenshots, and the loop that runs the steps.

import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// Chromium's own background traffic (updates, sync, QUIC probes) has nowhere
// to go on a closed network and stalls page loads; these switches stop it.
export async function openChromium(executablePath, viewport, stepTimeout) {
  const profile = mkdtempSync(join(tmpdir(), 'l402d-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
  });
  context.setDefaultTimeout(stepTimeout);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

// Console errors that do not match `expected` (the API's own answers the test
// provokes) and uncaught exceptions, from every page given to watch().
export function pageErrorWatcher(expected) {
  const errors = [];
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !expected.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return page;
  };
  return { errors, watch };
}

// screenshot(page, name) saves DIR/NN-name.png, numbered in order.
export function screenshotter(dir) {
  mkdirSync(dir, { recursive: true });
  let shot = 0;
  return async (page, name) => {
    shot += 1;
    const file = join(dir, `${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
  };
}

// Runs [name, fn] steps in order, a line each; the first failure (or page
// error) stops the run after `onFailure`. Closes the browser; returns whether
// every step passed.
export async function runSteps(steps, errors, onFailure, close) {
  let failed = false;
  try {
    for (const [name, fn] of steps) {
      const t = Date.now();
      try {
        await fn();
        assert.deepEqual(errors, [], 'no errors in the page');
        console.log(`ok   ${name} (${Date.now() - t} ms)`);
      } catch (e) {
        failed = true;
        console.log(`FAIL ${name}: ${e.stack ?? e}`);
        await onFailure().catch(() => {});
        break;
      }
    }
  } finally {
    await close();
  }
  return !failed;
}
