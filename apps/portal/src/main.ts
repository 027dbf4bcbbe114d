import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { VueQueryPlugin } from '@tanstack/vue-query'
import Vant from 'vant'
import 'vant/lib/index.css'
import './styles/main.css'
import App from './App.vue'
import { i18n, initLocale } from './i18n/index.ts'
import { createPortalRouter } from './router/index.ts'
import { createQueryClient, forgetCustomer, handleUnauthenticated } from './api/query-client.ts'
import { useSessionStore } from './stores/session.ts'

const app = createApp(App)
const pinia = createPinia()
const queryClient = createQueryClient()
const router = createPortalRouter()

app.use(pinia)
app.use(i18n)
app.use(Vant)
app.use(VueQueryPlugin, { queryClient })
app.use(router)
initLocale()

handleUnauthenticated(() => {
  const session = useSessionStore()
  if (!session.signedIn) return
  session.clear()
  forgetCustomer(queryClient)
  const here = router.currentRoute.value
  if (here.meta.auth) void router.replace({ name: 'sign-in', query: { redirect: here.fullPath } })
})

app.mount('#app')
