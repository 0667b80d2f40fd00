/** Placeholder until the CLI lands: the CLI benchmarks are added with it. */
export async function benchCli(_options: { rounds: number; smoke: boolean }): Promise<string[]> {
  return ['(the CLI benchmarks need packages/cli)']
}
