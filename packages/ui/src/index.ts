export * from './locale.ts'
export * from './format.ts'
export * from './messages.ts'
export * from './problem.ts'
