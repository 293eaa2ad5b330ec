/** A scenario that cannot run. Carries every problem found, each naming the field. */
export class ScenarioError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? `invalid scenario: ${problems[0]}` : `invalid scenario:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}
