import fc from 'fast-check'

// CI judges the commit, not the dice: property tests use one fixed seed there, so a run on this
// machine with CI=true reproduces CI exactly. Elsewhere each run draws a new seed and keeps exploring;
// a counterexample found that way becomes a fixed test case.
if (process.env.CI) fc.configureGlobal({ seed: 20261122 })
