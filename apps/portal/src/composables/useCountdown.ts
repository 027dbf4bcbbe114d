import { computed, onBeforeUnmount, ref } from 'vue'

/** Seconds left until a resend is allowed; ticks once a second while running. */
export function useCountdown(now: () => number = () => Date.now()) {
  const until = ref(0)
  const tick = ref(now())
  let timer: ReturnType<typeof setInterval> | undefined

  const left = computed(() => Math.max(0, Math.ceil((until.value - tick.value) / 1000)))
  const running = computed(() => left.value > 0)

  function stop() {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }

  function start(seconds: number) {
    stop()
    tick.value = now()
    until.value = tick.value + seconds * 1000
    timer = setInterval(() => {
      tick.value = now()
      if (left.value === 0) stop()
    }, 250)
  }

  onBeforeUnmount(stop)
  return { left, running, start, stop }
}
