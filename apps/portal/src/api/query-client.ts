import { MutationCache, QueryCache, QueryClient } from '@tanstack/vue-query'
import { isApiError } from './client.ts'

let onUnauthenticated: () => void = () => {}
/** Called when any call answers 401: the customer's session ended. */
export function handleUnauthenticated(handler: () => void) {
  onUnauthenticated = handler
}

function watchSession(error: unknown) {
  if (isApiError(error, 'UNAUTHENTICATED')) onUnauthenticated()
}

export function createQueryClient() {
  const client = new QueryClient({
    queryCache: new QueryCache({ onError: watchSession }),
    mutationCache: new MutationCache({ onError: watchSession }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  })
  return client
}

/** Drops everything that belongs to the signed-in customer, so the next one on this phone sees none of it. */
export function forgetCustomer(client: QueryClient) {
  for (const key of ['orders', 'order', 'addresses', 'complaints', 'complaint', 'review', 'plans', 'plan', 'notices', 'notice-preferences'])
    client.removeQueries({ queryKey: ['portal', key] })
}
