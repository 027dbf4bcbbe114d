import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { VueQueryPlugin } from '@tanstack/vue-query'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles/main.css'
import App from './App.vue'
import { i18n, currentLocale } from './i18n/index.ts'
import { createAdminRouter } from './router/index.ts'
import { createQueryClient, handleUnauthenticated } from './api/query-client.ts'
import { useSessionStore } from './stores/session.ts'

const app = createApp(App)
const pinia = createPinia()
const queryClient = createQueryClient()
const router = createAdminRouter()

app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
app.use(VueQueryPlugin, { queryClient })
app.use(router)

handleUnauthenticated(() => {
  const session = useSessionStore()
  if (!session.user) return
  session.clear()
  queryClient.clear()
  const here = router.currentRoute.value
  void router.replace({ name: 'sign-in', query: { redirect: here.fullPath, expired: '1' } })
})

document.documentElement.lang = currentLocale()
app.mount('#app')
