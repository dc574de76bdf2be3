// The `compile { }` and `fit { }` blocks: keys against the catalogue's settings, values typed
// and range-checked, defaults filled in. Only the first block of each kind counts (the parser
// reports a second one).
import { compileSettings, fitSettings } from './catalogue/settings';
import type { ArgSpec } from './catalogue/types';
import { suggestionFixes } from './fixes';
import type { Reporter } from './report';
import { convertValue } from './resolve';
import { didYouMean } from './suggest';
import type { ConfigValue, DocumentNode, SectionKind, SectionNode, ValueNode } from './types';

export interface TrainingConfig {
  /** Resolved values with defaults; a key whose written value was unusable is absent. */
  compile: Record<string, ConfigValue>;
  fit: Record<string, ConfigValue>;
  /** The value node of every setting written, by key (keys are unique across both blocks). */
  values: Map<string, ValueNode>;
  sections: Partial<Record<SectionKind, SectionNode>>;
}

const specsOf: Record<SectionKind, readonly ArgSpec[]> = { compile: compileSettings, fit: fitSettings };

export function analyzeTraining(document: DocumentNode, reporter: Reporter): TrainingConfig {
  const training: TrainingConfig = { compile: {}, fit: {}, values: new Map(), sections: {} };
  for (const kind of ['compile', 'fit'] as const) {
    const section = document.sections.find((s) => s.kind === kind);
    if (section) training.sections[kind] = section;
    const config = training[kind];
    const invalid = new Set<string>();
    for (const setting of section?.settings ?? []) {
      const key = setting.key.name;
      const spec = specsOf[kind].find((s) => s.name === key);
      if (!spec) {
        reportUnknownKey(kind, setting.key.name, setting.key.range, reporter);
        continue;
      }
      if (training.values.has(key)) {
        reporter.report('duplicateSetting', `'${key}' is set twice in ${kind}`, setting.key.range);
        continue;
      }
      training.values.set(key, setting.value);
      const value = convertValue(kind, spec, setting.value, { reporter, rangeCode: 'settingOutOfRange' });
      if (value === undefined) invalid.add(key);
      else config[key] = value;
    }
    for (const spec of specsOf[kind]) {
      if (config[spec.name] !== undefined || invalid.has(spec.name) || spec.default === undefined) continue;
      config[spec.name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
    }
  }
  return training;
}

function reportUnknownKey(kind: SectionKind, key: string, range: SectionNode['keywordRange'], reporter: Reporter): void {
  const other: SectionKind = kind === 'compile' ? 'fit' : 'compile';
  if (specsOf[other].some((s) => s.name === key)) {
    reporter.report('unknownSetting', `'${key}' belongs in ${other} { }, not in ${kind} { }`, range);
    return;
  }
  const names = specsOf[kind].map((s) => s.name);
  const candidates = didYouMean(key, names);
  const suggestion = candidates.length > 0 ? `; did you mean ${candidates.map((c) => `'${c}'`).join(' or ')}?` : ` (keys: ${names.join(', ')})`;
  reporter.report('unknownSetting', `${kind} has no setting '${key}'${suggestion}`, range, suggestionFixes(range, candidates, false));
}
