// Dev aid: with TARO_STATS=1 writes dist/stats-<target>.json (chunks -> files, origins, modules by size).
const fs = require('fs')
const path = require('path')
class StatsJsonPlugin {
  apply(compiler) {
    compiler.hooks.done.tap('StatsJsonPlugin', ({ compilation }) => {
      const cg = compilation.chunkGraph
      const chunks = []
      for (const chunk of compilation.chunks) {
        const modules = []
        const walk = (m) => {
          if (m.modules) m.modules.forEach(walk)
          else modules.push({ name: m.readableIdentifier(compilation.requestShortener), size: m.size() })
        }
        for (const m of cg.getChunkModulesIterable(chunk)) walk(m)
        chunks.push({
          id: chunk.id, names: chunk.name ? [chunk.name] : [], files: [...chunk.files], initial: chunk.canBeInitial(),
          size: modules.reduce((a, m) => a + m.size, 0),
          modules,
        })
      }
      const groups = compilation.chunkGroups.map((g) => ({
        name: g.name || null,
        entry: g.isInitial(),
        requests: g.origins.map((o) => o.request || (o.module && o.module.readableIdentifier(compilation.requestShortener))).filter(Boolean),
        files: g.getFiles(),
      }))
      fs.writeFileSync(path.join(compiler.options.output.path, '..', `stats-${process.env.TARO_ENV}.json`), JSON.stringify({ chunks, groups }, null, 1))
    })
  }
}
module.exports = StatsJsonPlugin
