// Node badges (pills with short codes) and the mTLS lock on edges, drawn on a canvas above
// cytoscape's. cytoscape draws text in the page's font only and cannot put an image on an edge, and
// emoji or symbol glyphs are missing from many fonts; a few lines of canvas drawing look the same
// everywhere, follow pan and zoom exactly (redrawn on every cytoscape frame), and the same drawing
// goes into the PNG export.

export interface BadgeItem {
  /** The node's top-right corner, in graph coordinates. */
  x: number
  y: number
  codes: readonly string[]
}

export interface LockItem {
  /** A point on the edge (a third of the way along), in graph coordinates. */
  x: number
  y: number
}

/** A namespace drawn as a frame around its nodes, in place of a compound node on big graphs. */
export interface GroupItem {
  label: string
  x1: number
  y1: number
  x2: number
  y2: number
}

export interface OverlayColours {
  badgeBg: string
  badgeText: string
  lock: string
  lockBg: string
  groupBorder: string
  groupText: string
}

/** graph → pixel: pixel = graph * scale + offset. */
export interface OverlayTransform {
  scale: number
  offsetX: number
  offsetY: number
}

const PILL_HEIGHT = 11
const PILL_FONT = 'bold 7.5px system-ui, sans-serif'
const PILL_PAD = 3
const PILL_GAP = 2
/** Below this zoom the pills are unreadable smudges: not drawn. */
export const MIN_OVERLAY_ZOOM = 0.45

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath()
  ctx.moveTo(x + r, y)
  ctx.arcTo(x + w, y, x + w, y + h, r)
  ctx.arcTo(x + w, y + h, x, y + h, r)
  ctx.arcTo(x, y + h, x, y, r)
  ctx.arcTo(x, y, x + w, y, r)
  ctx.closePath()
}

function drawLock(ctx: CanvasRenderingContext2D, x: number, y: number, c: OverlayColours): void {
  ctx.fillStyle = c.lockBg
  ctx.beginPath()
  ctx.arc(x, y, 6.5, 0, Math.PI * 2)
  ctx.fill()
  ctx.strokeStyle = c.lock
  ctx.lineWidth = 1.3
  ctx.beginPath()
  ctx.arc(x, y - 1.5, 2.2, Math.PI, 0)
  ctx.stroke()
  ctx.fillStyle = c.lock
  roundRect(ctx, x - 3.2, y - 1.2, 6.4, 4.8, 0.8)
  ctx.fill()
}

const GROUP_PAD = 28

export interface OverlayItems {
  groups: readonly GroupItem[]
  badges: readonly BadgeItem[]
  locks: readonly LockItem[]
}

/** Draws in graph coordinates under `t`; the caller clears the canvas. */
export function drawOverlay(ctx: CanvasRenderingContext2D, items: OverlayItems, c: OverlayColours, t: OverlayTransform): void {
  const { groups, badges, locks } = items
  ctx.save()
  ctx.setTransform(t.scale, 0, 0, t.scale, t.offsetX, t.offsetY)
  if (groups.length) {
    // Frames stay visible when zoomed far out: line width and text are kept at screen size.
    const px = 1 / t.scale
    ctx.strokeStyle = c.groupBorder
    ctx.lineWidth = px
    ctx.setLineDash([6 * px, 4 * px])
    ctx.fillStyle = c.groupText
    ctx.font = `bold ${12 * px}px system-ui, sans-serif`
    ctx.textBaseline = 'bottom'
    for (const g of groups) {
      const x = g.x1 - GROUP_PAD
      const y = g.y1 - GROUP_PAD
      roundRect(ctx, x, y, g.x2 - g.x1 + 2 * GROUP_PAD, g.y2 - g.y1 + 2 * GROUP_PAD, 8)
      ctx.stroke()
      ctx.fillText(g.label, x + 4 * px, y - 3 * px)
    }
    ctx.setLineDash([])
  }
  for (const l of locks) drawLock(ctx, l.x, l.y, c)
  ctx.font = PILL_FONT
  ctx.textBaseline = 'middle'
  for (const b of badges) {
    let x = b.x - 4
    const y = b.y - PILL_HEIGHT + 3
    for (const code of b.codes) {
      const w = ctx.measureText(code).width + PILL_PAD * 2
      ctx.fillStyle = c.badgeBg
      roundRect(ctx, x, y, w, PILL_HEIGHT, 3)
      ctx.fill()
      ctx.fillStyle = c.badgeText
      ctx.fillText(code, x + PILL_PAD, y + PILL_HEIGHT / 2 + 0.5)
      x += w + PILL_GAP
    }
  }
  ctx.restore()
}
