// The graph's cytoscape stylesheet. cytoscape draws on a canvas and cannot read CSS variables, so
// the theme's colours are read from the page (both themes define them in styles.css and
// graph.css) and the stylesheet is built again when the theme changes. Shapes follow Kiali's
// legend: workloads are circles, apps squares, services triangles.
import type { StylesheetJson } from 'cytoscape'

export interface GraphTheme {
  bg: string
  surface: string
  sunken: string
  text: string
  muted: string
  border: string
  accent: string
  healthy: string
  degraded: string
  failure: string
  tcp: string
  idleEdge: string
  find: string
  boxBg: string
  badgeBg: string
  badgeText: string
}

const VARS: Record<keyof GraphTheme, string> = {
  bg: '--bg',
  surface: '--surface',
  sunken: '--surface-sunken',
  text: '--text',
  muted: '--text-muted',
  border: '--border-strong',
  accent: '--accent',
  healthy: '--valid',
  degraded: '--warning',
  failure: '--error',
  tcp: '--info',
  idleEdge: '--graph-idle-edge',
  find: '--graph-find',
  boxBg: '--graph-box-bg',
  badgeBg: '--graph-badge-bg',
  badgeText: '--graph-badge-text',
}

/** Used when a variable is missing (the stylesheet failed to load): readable on white. */
const FALLBACK: GraphTheme = {
  bg: '#f4f5f7',
  surface: '#ffffff',
  sunken: '#f0f1f4',
  text: '#1d2330',
  muted: '#5d6675',
  border: '#b8bdc7',
  accent: '#0a5bd6',
  healthy: '#1f7a35',
  degraded: '#a15c00',
  failure: '#c4221f',
  tcp: '#0a5bd6',
  idleEdge: '#9aa1ad',
  find: '#f2b600',
  boxBg: '#eef0f4',
  badgeBg: '#4b3fa8',
  badgeText: '#ffffff',
}

export function readTheme(from: Element = document.documentElement): GraphTheme {
  const style = getComputedStyle(from)
  const theme = { ...FALLBACK }
  for (const key of Object.keys(VARS) as (keyof GraphTheme)[]) {
    const v = style.getPropertyValue(VARS[key]).trim()
    if (v) theme[key] = v
  }
  return theme
}

const SHAPES: Record<string, string> = {
  workload: 'ellipse',
  app: 'round-rectangle',
  vapp: 'round-rectangle',
  service: 'round-triangle',
  serviceentry: 'round-diamond',
  unknown: 'round-hexagon',
  aggregate: 'round-pentagon',
}

export interface StyleOptions {
  /**
   * A big graph: the cheap edges cytoscape offers (haystack: straight, no bundling of parallel
   * edges, the arrow at the middle), which save about a third of the first draw of 5,000 edges.
   */
  large: boolean
  /**
   * Some edge has a label. Without, edges carry no text properties at all: cytoscape applies and
   * tracks every property of every element, and edges are most of a big graph.
   */
  edgeLabels: boolean
}

export function buildStylesheet(t: GraphTheme, { large, edgeLabels }: StyleOptions): StylesheetJson {
  const arrow = large ? 'mid-target-arrow' : 'target-arrow'
  const edgeColour = (colour: string) => ({ 'line-color': colour, [`${arrow}-color`]: colour })
  return [
    {
      selector: 'node',
      style: {
        shape: 'ellipse',
        width: 30,
        height: 30,
        'background-color': t.surface,
        'border-width': 2,
        'border-color': t.border,
        label: 'data(label)',
        'font-size': 10,
        color: t.text,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        'text-background-color': t.bg,
        'text-background-opacity': 0.75,
        'text-background-padding': '1px',
        // Labels too small to read are not drawn: the biggest saving when zoomed out on a big graph.
        'min-zoomed-font-size': 7,
      },
    },
    ...Object.entries(SHAPES).map(([kind, shape]) => ({ selector: `node.kind-${kind}`, style: { shape } }) as StylesheetJson[number]),
    { selector: 'node.kind-vapp', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.kind-service', style: { width: 32, height: 28 } },
    {
      selector: 'node.kind-box',
      style: {
        shape: 'round-rectangle',
        'background-color': t.boxBg,
        'background-opacity': 0.6,
        'border-width': 1,
        'border-style': 'dashed',
        'border-color': t.border,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 12,
        'font-weight': 'bold',
        color: t.muted,
        padding: '18px',
        'min-zoomed-font-size': 5,
      },
    },
    { selector: 'node.health-Degraded', style: { 'border-color': t.degraded, 'border-width': 3 } },
    { selector: 'node.health-Failure', style: { 'border-color': t.failure, 'border-width': 3 } },
    { selector: 'node.kind-vapp.health-Degraded, node.kind-vapp.health-Failure', style: { 'border-width': 5 } },
    { selector: 'node.dead', style: { 'border-style': 'dashed', 'background-color': t.sunken, color: t.muted } },
    { selector: 'node.idle', style: { opacity: 0.55 } },
    {
      selector: 'edge',
      style: {
        width: 2,
        'curve-style': large ? 'haystack' : 'bezier',
        ...edgeColour(t.muted),
        [`${arrow}-shape`]: 'triangle',
        'arrow-scale': 0.9,
        ...(edgeLabels
          ? {
              label: 'data(label)',
              'font-size': 9,
              color: t.text,
              'text-wrap': 'wrap',
              'text-background-color': t.bg,
              'text-background-opacity': 0.85,
              'text-background-padding': '2px',
              'min-zoomed-font-size': 8,
            }
          : {}),
      },
    },
    { selector: 'edge.health-Healthy', style: edgeColour(t.healthy) },
    { selector: 'edge.proto-tcp', style: edgeColour(t.tcp) },
    { selector: 'edge.health-Degraded', style: edgeColour(t.degraded) },
    { selector: 'edge.health-Failure', style: { ...edgeColour(t.failure), width: 3 } },
    { selector: 'edge.no-traffic', style: { ...edgeColour(t.idleEdge), 'line-style': 'dashed' } },
    {
      selector: '.find-hit',
      style: { 'underlay-color': t.find, 'underlay-opacity': 0.55, 'underlay-padding': 8 },
    },
    {
      selector: 'node:selected',
      style: { 'border-color': t.accent, 'border-width': 4, 'overlay-color': t.accent, 'overlay-opacity': 0.12, 'overlay-padding': 6 },
    },
    {
      selector: 'edge:selected',
      style: { width: 5, 'overlay-color': t.accent, 'overlay-opacity': 0.2, 'overlay-padding': 5 },
    },
    { selector: 'node.kind-box:selected', style: { 'border-width': 1, 'overlay-opacity': 0 } },
  ]
}
