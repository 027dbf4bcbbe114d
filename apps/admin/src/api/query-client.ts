import { MutationCache, QueryCache, QueryClient } from '@tanstack/vue-query'
import { isApiError } from './client.ts'

/** Called when any server call answers 401: the session ended (expired, signed out elsewhere, disabled). */
let onUnauthenticated: () => void = () => {}
export function handleUnauthenticated(handler: () => void) {
  onUnauthenticated = handler
}

function watchSession(error: unknown) {
  if (isApiError(error, 'UNAUTHENTICATED')) onUnauthenticated()
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: watchSession }),
    mutationCache: new MutationCache({ onError: watchSession }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers will not change by asking again; network trouble and 5xx may.
        retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  })
}
