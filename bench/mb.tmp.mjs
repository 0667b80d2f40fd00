import { readdirSync, readFileSync } from 'node:fs'
import { vendorModels } from '@session-schemas/converter'

const id = process.argv[2],
  only = process.argv[3]
const [vendor, name] = id.split('/')
const dir = `/work/main/schemas/${vendor}/examples/invalid/${name}`
const files = readdirSync(dir).filter((f) => !only || f.startsWith(only))
const vals = files.map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')))
const model = vendorModels.get(id)
const N = +(process.env.N ?? 2e6)
let t = process.cpuUsage()
let s = 0
for (let i = 0; i < N; i++) s += model.errors(vals[i % vals.length]).length
t = process.cpuUsage(t)
console.log(id, only ?? '', (((t.user + t.system) * 1000) / N).toFixed(1), 'ns/op', s)
if (process.env.SHOW) console.log(model.errors(vals[0]))
