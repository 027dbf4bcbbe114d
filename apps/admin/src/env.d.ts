/// <reference types="vite/client" />

// For tools that read .ts files without Vue's language plugin (ESLint's type-aware rules). vue-tsc resolves the
// real components and ignores this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
