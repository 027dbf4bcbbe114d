import type { RouteRecordRaw } from 'vue-router'

export const catalogRoutes: RouteRecordRaw[] = [
  {
    path: 'catalog',
    name: 'catalog',
    component: () => import('./CatalogPage.vue'),
    meta: { titleKey: 'menu.catalog', permission: 'catalog:read' },
  },
  {
    path: 'catalog/items/new',
    name: 'catalog-item-new',
    component: () => import('./ServiceItemEditorPage.vue'),
    meta: { titleKey: 'catalog.newItem', permission: 'catalog:manage' },
  },
  {
    path: 'catalog/items/:id',
    name: 'catalog-item',
    component: () => import('./ServiceItemEditorPage.vue'),
    props: true,
    meta: { titleKey: 'catalog.editItem', permission: 'catalog:read' },
  },
]
