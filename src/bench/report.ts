import type { BackendName } from '../worker/protocol';
import type { AppResult } from './appMeasures';
import type { BundleFacts } from './bundles';
import { median, type FrameGaps } from './pageProbes';
import type { BackendResult, ConvSpeedResult } from './protocol';

// The bench's printout: Markdown tables (the README's tables are this output, pasted), then one `bench: name value` line per figure.

type Figure = [string, number | string];

/** The app's figures, appended to `lines`. */
function appFigures(app: AppResult, lines: Figure[]): void {
  const gapLines = (key: string, g: FrameGaps) => {
    lines.push([`app.raf_max_gap_ms.${key}`, Math.round(g.maxGapMs)], [`app.frame_gaps_over_50ms.${key}`, g.longGaps]);
  };
  lines.push(['app.auto_backend', JSON.stringify(app.autoBackend)]);
  lines.push(['app.interactive_ms.first_visit', Math.round(app.interactiveMs)], ['app.data_ready_ms.first_visit', Math.round(app.dataReadyMs)]);
  lines.push(['app.interactive_ms.cached', Math.round(app.interactiveCachedMs)], ['app.data_ready_ms.cached', Math.round(app.dataReadyCachedMs)]);
  lines.push(['app.first_step_ms.click.cold', Math.round(app.firstStepColdMs)], ['app.first_step_ms.click.warm', Math.round(app.firstStepWarmMs)]);
  lines.push(['app.webgl.warm_up_ms', app.webglWarmUpMs], ['app.webgl.first_step_ms.click.warmed', Math.round(app.webglFirstStepMs)]);
  lines.push(['app.webgl.first_step_ms.click.during_warm_up', Math.round(app.webglFirstStepDuringWarmUpMs)]);
  gapLines('idle', app.idle);
  for (const t of app.training) {
    const key = t.label
      .replace(/[^a-z0-9]+/gi, '_')
      .replace(/^_|_$/g, '')
      .toLowerCase();
    gapLines(`training.${key}`, t);
    lines.push([`app.samples_per_s.training.${key}.bs32`, Math.round(t.samplesPerS)]);
  }
  lines.push(['app.chart_import_ms.2x50k', app.chartImportMs]);
  gapLines('chart_import.2x50k', app.chartImport);
  lines.push(['app.chart_axis_switch_ms.2x50k', app.chartAxisSwitchMs]);
  gapLines('chart_axis_switch.2x50k', app.chartAxisSwitch);
  lines.push(['app.auto_race_ms', app.autoRaceMs]);
  app.freeze.forEach((j, i) => {
    const key = `app.freeze.${j.kind}.${Math.floor(i / 2) + 1}`;
    lines.push([`${key}.long_frames_over_50ms`, j.longFrames], [`${key}.worst_frame_ms`, Math.round(j.worstMs)]);
    lines.push([`${key}.worst_frame_ms.first_10s`, Math.round(j.worstStartMs)], [`${key}.worst_frame_ms.end`, Math.round(j.worstEndMs)]);
    lines.push([`${key}.longest_task_cpu_ms`, j.tasks ? Math.round(j.tasks.longestCpuMs) : 'n/a'], [`${key}.worst_frame`, JSON.stringify(j.worst)]);
  });
}

/** The app's Markdown table. */
function printAppTable(app: AppResult): void {
  console.log(`\nApp (real page, batch 32, charts live; Chromium without a GPU unless the row says SwiftShader). Auto chose: ${app.autoBackend}\n`);
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  const row = (k: string, v: string) => console.log(`| ${k} | ${v} |`);
  row('page interactive (Train button), first visit / cached', `${app.interactiveMs.toFixed(0)} / ${app.interactiveCachedMs.toFixed(0)} ms`);
  row('MNIST loaded, first visit / cached', `${app.dataReadyMs.toFixed(0)} / ${app.dataReadyCachedMs.toFixed(0)} ms`);
  row('click Train → first step shown (Auto), first run / second run', `${app.firstStepColdMs.toFixed(0)} / ${app.firstStepWarmMs.toFixed(0)} ms`);
  row('WebGL chosen → status says its programs are compiled', `${app.webglWarmUpMs} ms`);
  row(
    'WebGL: click Train → first step shown, once compiled / right after choosing WebGL',
    `${app.webglFirstStepMs.toFixed(0)} / ${app.webglFirstStepDuringWarmUpMs.toFixed(0)} ms`,
  );
  row('longest frame gap, idle', `${app.idle.maxGapMs.toFixed(0)} ms`);
  for (const t of app.training) {
    row(`longest frame gap training: ${t.label} (gaps > 50 ms in 8 s; samples/s)`, `${t.maxGapMs.toFixed(0)} ms (${t.longGaps}; ${t.samplesPerS.toFixed(0)})`);
  }
  row('import 2 runs × 50,000 steps until drawn (longest frame gap)', `${app.chartImportMs} ms (${app.chartImport.maxGapMs.toFixed(0)} ms)`);
  row('switch x axis with them shown (longest frame gap)', `${app.chartAxisSwitchMs} ms (${app.chartAxisSwitch.maxGapMs.toFixed(0)} ms)`);
  row("data loaded → Auto's race decided (WebGL's first compile included)", `${app.autoRaceMs} ms`);
  printFreeze(app.freeze);
}

/** The freeze journeys: long animation frames from the click on Train to after the end of the run. */
function printFreeze(journeys: AppResult['freeze']): void {
  console.log('\nLong animation frames, click on Train → 3 s after the end (batch 256, Auto; Chromium without a GPU):\n');
  console.log('| journey | run | frames > 50 ms | worst: first 10 s / end / all | longest task, CPU (wall) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const j of journeys) {
    const cpu = j.tasks ? `${j.tasks.longestCpuMs.toFixed(0)} (${j.tasks.longestCpuWallMs.toFixed(0)}) ms` : 'n/a';
    console.log(
      `| ${j.kind} | ${j.runSeconds.toFixed(1)} s | ${j.longFrames} | ${j.worstStartMs.toFixed(0)} / ${j.worstEndMs.toFixed(0)} / ${j.worstMs.toFixed(0)} ms | ${cpu} |`,
    );
  }
  for (const j of journeys) console.log(`- worst frame, ${j.kind}: ${j.worst}`);
}

const CONV_NAMES: Record<ConvSpeedResult['model'], string> = { 'lenet-bn': "d2l's LeNet with BN (SGD)", 'convnet-bn': 'small convnet with BN (Adam)' };

/** The convnets' Markdown table, with their figures appended to `lines`. */
function convTable(backends: BackendResult[], lines: Figure[]): string[] {
  const out = [
    '| backend | batch | model | ours samples/s | fit samples/s | ours/fit | tensors after each round |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const b of backends) {
    for (const c of b.conv) {
      const key = `${b.backend}.bs${c.batchSize}.${c.model}`;
      const ours = median(c.ours);
      // The small convnet on cpu trains a few samples a second: keep a decimal there.
      const rate = (v: number) => v.toFixed(v < 100 ? 1 : 0);
      const tensors = c.tensorsAfterRounds.join(', ');
      lines.push([`conv.samples_per_s.ours.${key}`, Math.round(ours)], [`conv.tensors_growth.${key}`, c.tensorsAfterRounds.at(-1)! - c.tensorsAfterRounds[0]!]);
      if (c.fitError) {
        out.push(`| ${b.backend} | ${c.batchSize} | ${CONV_NAMES[c.model]} | ${rate(ours)} | — | fit cannot train this on ${b.backend} | ${tensors} |`);
        lines.push([`conv.fit_error.${key}`, JSON.stringify(c.fitError.slice(0, 120))]);
        continue;
      }
      const fit = median(c.fit);
      out.push(`| ${b.backend} | ${c.batchSize} | ${CONV_NAMES[c.model]} | ${rate(ours)} | ${rate(fit)} | ${(ours / fit).toFixed(2)} | ${tensors} |`);
      lines.push([`conv.samples_per_s.fit.${key}`, Math.round(fit)], [`conv.ratio_vs_fit.${key}`, (ours / fit).toFixed(2)]);
    }
  }
  return out;
}

/** Prints the tables, then one `bench: name value` line per figure. */
export function report(backends: BackendResult[], app: AppResult | null, bundle: BundleFacts): void {
  const lines: Figure[] = [];
  const rows: string[][] = [['backend', 'batch', 'model', 'ours samples/s', 'fit samples/s', 'ours/fit', 'jax-js 1 thread / pool', 'ours/jax-js']];
  for (const b of backends) {
    const name = b.backend as BackendName;
    for (const s of b.speed) {
      const key = `${name}.bs${s.batchSize}.${s.bn ? 'bn' : 'nobn'}`;
      const ours = median(s.ours);
      const fit = median(s.fit);
      const jaxCells = ['—', '—'];
      lines.push(
        [`samples_per_s.ours.${key}`, Math.round(ours)],
        [`samples_per_s.fit.${key}`, Math.round(fit)],
        [`ratio_vs_fit.${key}`, (ours / fit).toFixed(2)],
      );
      if (s.jax) {
        const single = median(s.jax.single);
        const pool = median(s.jax.pool);
        // Against the faster of jax-js' two modes.
        const best = Math.max(single, pool);
        jaxCells[0] = `${single.toFixed(0)} / ${pool.toFixed(0)}`;
        jaxCells[1] = (ours / best).toFixed(2);
        lines.push(
          [`samples_per_s.jax_single.${key}`, Math.round(single)],
          [`samples_per_s.jax_pool.${key}`, Math.round(pool)],
          [`ratio_vs_jax.${key}`, (ours / best).toFixed(2)],
        );
      }
      rows.push([name, String(s.batchSize), s.bn ? 'BN' : 'no BN', ours.toFixed(0), fit.toFixed(0), (ours / fit).toFixed(2), ...jaxCells]);
    }
    if (b.jaxPoolThreads !== null) lines.push([`jax_pool_threads.${name}`, b.jaxPoolThreads]);
    lines.push([`first_step_ms.engine.cold.${name}`, Math.round(b.firstStepColdMs)], [`first_step_ms.engine.warm.${name}`, Math.round(b.firstStepWarmMs)]);
    const tensors = b.memory.map((m) => m.numTensors);
    const heaps = b.memory.map((m) => m.heapBytes);
    lines.push([`tensors_per_epoch.${name}`, tensors.join(',')], [`tensors_growth.${name}`, tensors.at(-1)! - tensors[0]!]);
    lines.push([`heap_mb_per_epoch.${name}`, heaps.every((h) => h !== null) ? heaps.map((h) => (h! / 2 ** 20).toFixed(1)).join(',') : 'n/a']);
  }
  const conv = convTable(backends, lines);
  if (app) appFigures(app, lines);
  lines.push(['main_bundle_gzip_kb', (bundle.gzipBytes / 1024).toFixed(1)]);
  lines.push(['main_bundle_has_tfjs', bundle.markersSeenInWorker ? (bundle.tfjsInMain.length > 0 ? `yes(${bundle.tfjsInMain.join('+')})` : 'no') : 'unknown']);

  // Markdown, so the README's table is this output, pasted.
  console.log('\nTraining speed (steady state, medians of alternating rounds, same worker and data; ours/jax-js against the faster of its two modes):\n');
  console.log(`| ${rows[0]!.join(' | ')} |`);
  console.log(`|${rows[0]!.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of rows.slice(1)) console.log(`| ${r.join(' | ')} |`);
  if (conv.length > 2) {
    console.log("\nConvnets (the presets' networks on MNIST images; medians of alternating rounds, same worker and data):\n");
    for (const r of conv) console.log(r);
  }
  console.log('\nFirst step in the engine (runExperiment → first onSteps) and memory over 5 short epochs (BN, batch 32; heap after GC):\n');
  for (const b of backends) {
    const heaps = b.memory.map((m) => (m.heapBytes === null ? 'n/a' : (m.heapBytes / 2 ** 20).toFixed(1)));
    console.log(
      `- ${b.backend}: cold ${b.firstStepColdMs.toFixed(0)} ms, warm ${b.firstStepWarmMs.toFixed(0)} ms; ` +
        `tensors ${b.memory.map((m) => m.numTensors).join(', ')}; heap MB ${heaps.join(', ')}`,
    );
  }
  if (app) printAppTable(app);
  else console.log('\nApp: not measured');
  console.log(
    `\nMain-thread bundle ${bundle.file}: ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip; tfjs markers in it: ${bundle.tfjsInMain.join(', ') || 'none'}\n`,
  );
  for (const [name, value] of lines) console.log(`bench: ${name} ${value}`);
}
