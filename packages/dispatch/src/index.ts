// @doorstep/dispatch: routing optimizer with time windows and skills, formats, verifier, matcher and
// travel-time providers. Pure TypeScript; I/O only in the CLI, the solver threads and the HTTP adapters.
export type {
  Plan,
  Problem,
  Route,
  Task,
  TimeWindow,
  Unassigned,
  UnassignedReason,
  Vehicle,
} from './model.ts'
export type { Objective } from './engine/context.ts'
export type { SearchOptions, SearchResult } from './engine/search.ts'
export { search } from './engine/search.ts'
export type { SolveOptions } from './solve.ts'
export { closeSolverThreads, solve, warmSolverThreads } from './solve.ts'
export { FormatError, parseSolomon } from './formats/solomon.ts'
export type { DoorstepProblem } from './formats/doorstep.ts'
export { doorstepProblemSchema, parseDoorstep } from './formats/doorstep.ts'
export { parseVroomProblem, vroomProblemSchema } from './formats/vroom-problem.ts'
export type { VroomSolution } from './formats/vroom-solution.ts'
export { parseVroomSolution, toVroomSolution } from './formats/vroom-solution.ts'
export type { RouteSchedule, ScheduledStep } from './schedule.ts'
export { scheduleRoute } from './schedule.ts'
export type { VerifyReport } from './verify.ts'
export { verify } from './verify.ts'
export type { InsertionOption, MatchPlan, ScoreBreakdown } from './matcher.ts'
export { SCORE_WEIGHTS, createMatchPlan, rankInsertions } from './matcher.ts'
export type { HaversineSettings, LatLon, Matrices } from './travel/haversine.ts'
export { DEFAULT_HAVERSINE, haversineMatrices, haversineMeters } from './travel/haversine.ts'
export type { AmapOptions, OsrmOptions, TravelTimeProvider } from './travel/providers.ts'
export {
  TravelTimeError,
  amapProvider,
  haversineProvider,
  osrmProvider,
} from './travel/providers.ts'
