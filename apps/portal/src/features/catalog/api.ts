import { computed, watch } from 'vue'
import { useQuery } from '@tanstack/vue-query'
import { useI18n } from 'vue-i18n'
import { useSessionStore } from '../../stores/session.ts'
import { api } from '../../api/client.ts'

export function useCatalog() {
  return useQuery({
    queryKey: ['portal', 'catalog'],
    queryFn: () => api.call('portalCatalog', {}),
    staleTime: 5 * 60_000,
  })
}

/**
 * The company the customer books with (the catalog names it, for guests too; the session's tenant name is the
 * fallback), kept in the page title: "家安到家 · 预约上门服务".
 */
export function useCompanyName() {
  const catalog = useCatalog()
  const session = useSessionStore()
  const { t, locale } = useI18n()
  const name = computed(() => catalog.data.value?.company.name ?? session.session?.tenantName ?? '')
  watch(
    [name, locale],
    ([company]) => {
      if (typeof document !== 'undefined') document.title = company ? `${company} · ${t('app.title')}` : t('app.title')
    },
    { immediate: true },
  )
  return name
}
