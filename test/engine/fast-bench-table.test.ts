// The `npm run bench` table: how a row's target is checked (value or ratio, units).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTable, meetsTarget } from '../../scripts/bench-table';

describe('bench targets', () => {
  const row = (value: number, unit: string, target?: string, baseline?: number) => ({ name: 'r', value, unit, target, baseline: baseline === undefined ? undefined : { name: 'b', value: baseline } });
  it('checks a value against a limit in the same unit', () => {
    assert.equal(meetsTarget(row(12, 'ms', '< 20 ms')), true);
    assert.equal(meetsTarget(row(60, 'ms', '<= 60 ms')), true);
    assert.equal(meetsTarget(row(61, 'ms', '<= 60 ms')), false);
  });
  it('converts between time units', () => {
    assert.equal(meetsTarget(row(0.4, 's', '< 1000 ms')), true);
    assert.equal(meetsTarget(row(1500, 'ms', '< 1 s')), false);
  });
  it('checks a ratio to the baseline', () => {
    assert.equal(meetsTarget(row(0.6, 's', '<= 3x', 0.22)), true);
    assert.equal(meetsTarget(row(0.7, 's', '<= 3x', 0.22)), false);
    assert.equal(meetsTarget(row(0.96, '', '>= 0.99x', 0.959)), true);
  });
  it('says n/a rather than guessing', () => {
    assert.equal(meetsTarget(row(1, 's', '<= 3x')), undefined, 'a ratio without a baseline');
    assert.equal(meetsTarget(row(1, 'MB', '< 1 s')), undefined, 'units that do not convert');
    assert.equal(meetsTarget(row(1, 's', 'fast enough')), undefined);
    assert.equal(meetsTarget(row(1, 's')), undefined);
  });
  it('prints value, baseline, ratio, target and result in one line per row', () => {
    const table = formatTable([{ module: 'training', row: row(0.6, 's', '<= 3x', 0.2) }]);
    const line = table.split('\n')[2];
    assert.match(line, /^training: r\s+0\.600 s\s+b: 0\.200 s\s+3\.00x\s+<= 3x\s+pass$/);
  });
});
