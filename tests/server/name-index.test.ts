import { readFileSync } from 'node:fs';
import { runAsSystem } from '../../server/core/context';
import { bigrams, dice, indexName, indexNames, POSTING_CAP, similarNames, unindexName } from '../../server/modules/accounts/name-index';
import { REGISTRY_FILE } from '../../tools/generate-registry';
import { useWorld } from '../helpers/world';

const t = useWorld();
const inA = <T>(fn: () => Promise<T>) => runAsSystem(t.world.a.tenantId, fn);
const inB = <T>(fn: () => Promise<T>) => runAsSystem(t.world.b.tenantId, fn);
const companies = (JSON.parse(readFileSync(REGISTRY_FILE, 'utf8')) as { legalName: string; creditCode: string }[]).slice(0, 1500);

describe('company names alike', () => {
  beforeAll(async () => {
    await inA(async () => {
      for (const [i, company] of companies.entries()) await indexName(`r${i}`, company.legalName);
      await indexName('bytedance', '北京字节跳动科技有限公司');
    });
  });

  it('scores by shared bigrams of the normalised core', () => {
    expect(bigrams('字节跳动科技')).toEqual(['字节', '节跳', '跳动', '动科', '科技']);
    expect(dice(bigrams('字节跳动科技'), bigrams('字节跳动科技'))).toBe(1);
    expect(dice(bigrams('字节跳动科技'), bigrams('字节跳跃科技'))).toBeCloseTo(0.6);
    expect(dice(bigrams('字节跳动科技'), bigrams('华为技术'))).toBe(0);
  });

  it('finds the same company written another way, and a near miss, but not strangers', async () => {
    const same = await inA(() => similarNames('字节跳动（北京）科技有限公司'));
    expect(same[0]).toEqual({ id: 'bytedance', key: '字节跳动科技', score: 1 });
    const near = await inA(() => similarNames('字节跳跃科技有限公司', { threshold: 0.5 }));
    expect(near.map((h) => h.id)).toContain('bytedance');
    expect(await inA(() => similarNames('完全无关的名字'))).toEqual([]);
  });

  it('finds each registered company from its own name, among 1,500', async () => {
    for (const [i, company] of companies.entries()) {
      if (i % 50 !== 0) continue;
      const hits = await inA(() => similarNames(company.legalName, { threshold: 0.99, limit: 20 }));
      expect(hits.map((h) => h.id)).toContain(`r${i}`);
    }
  });

  it('keeps tenants apart and forgets a removed name', async () => {
    expect(await inB(() => similarNames('北京字节跳动科技有限公司'))).toEqual([]);
    await inA(() => unindexName('bytedance'));
    expect((await inA(() => similarNames('北京字节跳动科技有限公司'))).map((h) => h.id)).not.toContain('bytedance');
  });

  it('stops collecting a bigram that too many names share', async () => {
    await inB(async () => {
      await indexNames(Array.from({ length: POSTING_CAP - 2 }, (_, i) => ({ id: `n${i}`, name: `甲乙${i}` })));
      await indexName('last', '甲乙丙');
    });
    // Below the cap the shared bigram still brings its names in.
    expect((await inB(() => similarNames('甲乙', { threshold: 0.3, candidates: POSTING_CAP, limit: POSTING_CAP }))).length).toBe(POSTING_CAP - 1);
    await inB(() => indexName('over', '甲乙丁'));
    // At the cap it no longer finds candidates by it; names are still found by their other bigrams.
    expect(await inB(() => similarNames('甲乙', { threshold: 0.5 }))).toEqual([]);
    expect((await inB(() => similarNames('甲乙丙')))[0]).toEqual({ id: 'last', key: '甲乙丙', score: 1 });
  }, 60_000);
});
