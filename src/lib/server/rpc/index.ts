/**
 * Calling the database: one function a page's load calls (`view`, or `viewOrProblem` beside a
 * form), one an action calls (`write`). Names and arguments are typed from the generated
 * Database types; results are parsed by the schemas registered in ./views.ts and ./writes.ts.
 */
export { view, viewOrProblem, type Problem } from './view';
export { write, type Written } from './write';
export type { ViewModel, ViewName } from './views';
