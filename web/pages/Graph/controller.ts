// The one cytoscape instance of a mounted graph, and everything done to it: created once, then
// each new graph is diffed into it inside cy.batch() (diff.ts) so kept nodes stay where they are;
// the layout runs on the first graph, on a layout change, or when too much is new to fit in
// (placement.ts places a few new nodes by their neighbours). React owns the page; this owns the
// canvas. Performance marks (`trellis:graph:*`) let the benchmark time the first paint.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape'
import type { GraphLayout, GraphRenderer } from '../../app/url/graph.ts'
import { diffElements, isEmptyDiff } from './diff.ts'
import type { ElementDef, NodeDef } from './elements.ts'
import { layeredLayout } from './layered.ts'
import { layoutEngine, registerLayouts, runLayout, type LayoutEngine } from './layouts.ts'
import { drawOverlay, MIN_OVERLAY_ZOOM, type BadgeItem, type GroupItem, type LockItem, type OverlayColours, type OverlayItems } from './overlay.ts'
import { needsFullLayout, placeNewNodes, type Point } from './placement.ts'
import { buildStylesheet, type GraphTheme, type StyleOptions } from './stylesheet.ts'

export type Selection = { kind: 'node' | 'edge'; id: string }

export interface GraphUpdate {
  elements: readonly ElementDef[]
  layout: GraphLayout
  /** Node id → badge codes, for the nodes that have some; undefined: badges off. */
  badges: ReadonlyMap<string, readonly string[]> | undefined
  /** Edges to draw the mTLS lock on (badges on). */
  showLocks: boolean
  /** Node id → its namespace box's label: what the layered layout groups by. */
  groups: ReadonlyMap<string, string> | undefined
  /** Draw the groups as frames (big graphs: boxes are not compound nodes there). */
  frames: boolean
  /** A big graph: cheaper edges, and the viewport panned as a bitmap. */
  large: boolean
}

export interface UpdateResult {
  /** 'full': every node laid out; 'partial': new nodes placed by their neighbours; 'none'. */
  layout: 'full' | 'partial' | 'none'
  engine: LayoutEngine
}

/** Locks are drawn on at most this many edges; more would cost every frame and cover the graph. */
const MAX_LOCKS = 600

export const PERF_MARKS = {
  elements: 'trellis:graph:elements',
  drawn: 'trellis:graph:drawn',
} as const

interface RendererFlags {
  textureOnViewport?: boolean
  hideLabelsOnViewport?: boolean
}

export class GraphController {
  readonly cy: Core
  private current = new Map<string, ElementDef>()
  /** Where nodes that left were: they come back there (a hide undone, a flapping node). */
  private remembered = new Map<string, Point>()
  private layout: GraphLayout | undefined
  private engine: LayoutEngine = 'dagre'
  private badges: ReadonlyMap<string, readonly string[]> | undefined
  /** The edges that get a lock: found once per update, not on every frame. */
  private lockedEdges: cytoscape.EdgeCollection | undefined
  private groups: ReadonlyMap<string, string> | undefined
  private frames = false
  private style: StyleOptions = { large: false, edgeLabels: false }
  private theme: GraphTheme
  private colours: OverlayColours
  private drawnOnce = false
  private readonly webgl: boolean
  private readonly overlayCtx: CanvasRenderingContext2D | null

  constructor(
    container: HTMLElement,
    private readonly overlay: HTMLCanvasElement,
    renderer: GraphRenderer,
    theme: GraphTheme,
    onSelect: (s: Selection | undefined) => void,
  ) {
    registerLayouts()
    this.theme = theme
    this.webgl = renderer === 'webgl'
    // WebGL mode paints its own background and reads it from the container's inline style.
    if (renderer === 'webgl') container.style.backgroundColor = theme.bg
    this.cy = cytoscape({
      container,
      style: buildStylesheet(theme, this.style),
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      ...(renderer === 'webgl' ? { renderer: { name: 'canvas', webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions)
    this.colours = overlayColours(theme)
    this.overlayCtx = overlay.getContext('2d')
    this.cy.on('tap', (e) => {
      const t = e.target
      if (t === this.cy || (t.isNode?.() && t.isParent())) onSelect(undefined)
      else onSelect({ kind: t.isEdge() ? 'edge' : 'node', id: t.id() })
    })
    if (renderer === 'webgl') {
      // The WebGL renderer emits no 'render' event: follow the viewport and the nodes instead.
      let pending = false
      this.cy.on('viewport position add remove', () => {
        if (pending) return
        pending = true
        requestAnimationFrame(() => {
          pending = false
          this.drawOverlay()
        })
      })
    } else {
      // Drawn right after cytoscape's own frame, so the two never disagree while panning.
      this.cy.on('render', () => this.drawOverlay())
    }
  }

  /** Brings the drawn graph to `u`; returns what was laid out. */
  update(u: GraphUpdate): UpdateResult {
    const cy = this.cy
    const diff = diffElements(this.current, u.elements)
    const layoutChanged = this.layout !== u.layout
    const nextNodes = u.elements.filter((d) => d.group === 'nodes' && !d.classes.includes('kind-box'))
    const edges = u.elements.filter((d) => d.group === 'edges')
    this.engine = layoutEngine(u.layout, nextNodes.length, edges.length)
    this.badges = u.badges
    this.groups = u.groups
    this.frames = u.frames
    const style = { large: u.large, edgeLabels: edges.some((e) => e.data.label !== '') }
    if (style.large !== this.style.large || style.edgeLabels !== this.style.edgeLabels) {
      this.style = style
      cy.style(buildStylesheet(this.theme, style))
    }

    const newNodes = diff.add.filter((d) => d.group === 'nodes').map((d) => d.data.id)
    const full = layoutChanged || needsFullLayout(newNodes.length, nextNodes.length - newNodes.length)
    const edgeEnds = () => edges.map((e) => [(e.data as { source: string }).source, (e.data as { target: string }).target] as const)
    let positions = new Map<string, Point>()
    // The layered layout needs nothing from cytoscape: positions go in with the elements, which
    // spares cytoscape moving 1,000 nodes it has just placed (measured: 0.6 s).
    const preplaced = full && this.engine === 'layered'
    if (preplaced) {
      positions = layeredLayout({
        nodes: nextNodes.map((d) => ({ id: d.data.id, group: u.groups?.get(d.data.id) ?? (d as NodeDef).data.parent ?? '' })),
        edges: edgeEnds(),
      })
    } else if (!full && newNodes.length > 0) {
      const placed = new Map<string, Point>()
      for (const d of nextNodes) {
        if (this.current.has(d.data.id)) placed.set(d.data.id, { ...cy.getElementById(d.data.id).position() })
      }
      positions = placeNewNodes({ newNodes, placed, remembered: this.remembered, edges: edgeEnds() })
    }

    if (!isEmptyDiff(diff)) {
      for (const id of diff.remove) {
        const ele = cy.getElementById(id)
        if (ele.isNode() && !ele.isParent()) this.remembered.set(id, { ...ele.position() })
      }
      cy.batch(() => {
        cy.add(diff.addBoxes.map((d) => toCy(d, undefined, false)))
        for (const m of diff.moves) cy.getElementById(m.id).move({ parent: m.parent })
        // cy.collection takes an array of elements (its typings say only definitions).
        if (diff.remove.length) cy.remove(cy.collection(diff.remove.map((id) => cy.getElementById(id)) as unknown as cytoscape.CollectionArgument))
        cy.add(diff.add.map((d) => toCy(d, positions.get(d.data.id), true)))
        for (const c of diff.update) {
          const ele = cy.getElementById(c.id)
          if (c.data) ele.data(c.data)
          if (c.classes !== undefined) ele.classes(c.classes)
        }
      })
      for (const id of newNodes) this.remembered.delete(id)
      this.current = new Map(u.elements.map((d) => [d.data.id, d]))
    }

    const mtls = u.showLocks ? cy.edges('.mtls') : undefined
    this.lockedEdges = mtls && mtls.length <= MAX_LOCKS ? mtls : undefined
    this.setViewportOptimisation(u.large)
    let layout: UpdateResult['layout'] = 'none'
    if (full && nextNodes.length > 0) {
      if (preplaced) {
        // Nodes drawn before (another layout was picked) move to their new place.
        const added = new Set(newNodes)
        cy.batch(() => {
          for (const [id, p] of positions) if (!added.has(id)) cy.getElementById(id).position(p)
        })
        cy.fit(undefined, 30)
      } else runLayout(cy, u.layout)
      layout = 'full'
    } else if (newNodes.length > 0) layout = 'partial'
    this.layout = u.layout

    if (!this.drawnOnce && u.elements.length > 0) {
      this.drawnOnce = true
      performance.mark(PERF_MARKS.elements)
      const drawn = () => performance.mark(PERF_MARKS.drawn)
      // The canvas renderer says when it has drawn a frame; the WebGL one does not: two animation
      // frames on, cytoscape (which draws in its own) has drawn.
      if (this.webgl) requestAnimationFrame(() => requestAnimationFrame(drawn))
      else cy.one('render', drawn)
    }
    this.drawOverlay()
    return { layout, engine: this.engine }
  }

  /** Selects (and brings into view, when outside it) what the side panel picked. */
  select(sel: Selection | undefined): void {
    const cy = this.cy
    const selected = cy.$(':selected')
    if (sel && selected.length === 1 && selected.id() === sel.id) return
    selected.unselect()
    if (!sel) return
    const ele = cy.getElementById(sel.id)
    if (ele.empty()) return
    ele.select()
    const ext = cy.extent()
    const bb = ele.boundingBox()
    if (bb.x1 < ext.x1 || bb.x2 > ext.x2 || bb.y1 < ext.y1 || bb.y2 > ext.y2) cy.center(ele)
  }

  setTheme(theme: GraphTheme): void {
    this.theme = theme
    const container = this.cy.container()!
    if (container.style.backgroundColor) container.style.backgroundColor = theme.bg
    this.cy.style(buildStylesheet(theme, this.style))
    this.colours = overlayColours(theme)
    this.drawOverlay()
  }

  fit(): void {
    this.cy.fit(undefined, 30)
  }

  /** The canvas was resized (the side panel opened, the window changed). */
  resize(): void {
    this.cy.resize()
    this.drawOverlay()
  }

  /** The whole graph as a PNG, badges and locks included. */
  async exportPng(background: string): Promise<Blob> {
    const cy = this.cy
    const blob = await cy.png({ full: true, scale: 2, bg: background, output: 'blob-promise' })
    const items = this.overlayItems(false)
    if (items.groups.length + items.badges.length + items.locks.length === 0) return blob
    const bitmap = await createImageBitmap(blob)
    const canvas = document.createElement('canvas')
    canvas.width = bitmap.width
    canvas.height = bitmap.height
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(bitmap, 0, 0)
    // cy.png draws the elements' bounding box scaled to the image: the same mapping for the overlay.
    const bb = cy.elements().boundingBox()
    const scale = bitmap.width / Math.ceil(bb.w)
    drawOverlay(ctx, items, this.colours, { scale, offsetX: -bb.x1 * scale, offsetY: -bb.y1 * scale })
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded'))), 'image/png'),
    )
  }

  destroy(): void {
    this.cy.destroy()
  }

  /** cytoscape reads these renderer options on every frame; they are not public after creation. */
  private setViewportOptimisation(on: boolean): void {
    const r = (this.cy as unknown as { renderer(): RendererFlags }).renderer()
    if ('textureOnViewport' in r) {
      r.textureOnViewport = on
      r.hideLabelsOnViewport = on
    }
  }

  private overlayItems(inViewOnly: boolean): OverlayItems {
    const cy = this.cy
    const badges: BadgeItem[] = []
    const locks: LockItem[] = []
    const groups: GroupItem[] = []
    if (this.frames && this.groups) {
      const frames = new Map<string, GroupItem>()
      cy.nodes().forEach((n) => {
        const label = this.groups!.get(n.id())
        if (label === undefined) return
        const p = n.position()
        const g = frames.get(label)
        if (!g) frames.set(label, { label, x1: p.x, y1: p.y, x2: p.x, y2: p.y })
        else {
          g.x1 = Math.min(g.x1, p.x)
          g.y1 = Math.min(g.y1, p.y)
          g.x2 = Math.max(g.x2, p.x)
          g.y2 = Math.max(g.y2, p.y)
        }
      })
      groups.push(...frames.values())
    }
    const ext = inViewOnly ? cy.extent() : undefined
    const inView = (x: number, y: number) => !ext || (x > ext.x1 - 60 && x < ext.x2 + 60 && y > ext.y1 - 60 && y < ext.y2 + 60)
    if (this.badges) {
      for (const [id, codes] of this.badges) {
        const n = cy.getElementById(id)
        if (n.empty()) continue
        const p = n.position()
        const x = p.x + n.width() / 2
        const y = p.y - n.height() / 2
        if (inView(x, y)) badges.push({ x, y, codes })
      }
    }
    this.lockedEdges?.forEach((e) => {
      if (e.removed()) return
      // A third of the way along, clear of the label at the middle.
      const s = e.sourceEndpoint()
      const t = e.targetEndpoint()
      const x = s.x + (t.x - s.x) / 3
      const y = s.y + (t.y - s.y) / 3
      if (inView(x, y)) locks.push({ x, y })
    })
    return { groups, badges, locks }
  }

  private drawOverlay(): void {
    const ctx = this.overlayCtx
    if (!ctx) return
    const container = this.cy.container()
    if (!container) return
    const ratio = window.devicePixelRatio || 1
    const w = Math.round(container.clientWidth * ratio)
    const h = Math.round(container.clientHeight * ratio)
    if (this.overlay.width !== w || this.overlay.height !== h) {
      this.overlay.width = w
      this.overlay.height = h
    }
    ctx.clearRect(0, 0, w, h)
    const zoom = this.cy.zoom()
    const items = this.overlayItems(true)
    // Badges and locks are unreadable smudges when zoomed far out; frames stay.
    const shown = zoom < MIN_OVERLAY_ZOOM ? { ...items, badges: [], locks: [] } : items
    const pan = this.cy.pan()
    drawOverlay(ctx, shown, this.colours, { scale: zoom * ratio, offsetX: pan.x * ratio, offsetY: pan.y * ratio })
  }
}

function toCy(d: ElementDef, position: Point | undefined, selectable: boolean): ElementDefinition {
  return {
    group: d.group,
    data: { ...d.data },
    classes: d.classes,
    ...(position ? { position: { ...position } } : {}),
    // Boxes are frames, not things to inspect: a tap on one clears the selection.
    selectable: selectable && !d.classes.includes('kind-box'),
  }
}

function overlayColours(t: GraphTheme): OverlayColours {
  return { badgeBg: t.badgeBg, badgeText: t.badgeText, lock: t.text, lockBg: t.bg, groupBorder: t.border, groupText: t.muted }
}
