import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react'
import type { GraphRenderer } from '../../app/url/graph.ts'
import { useTheme } from '../../app/theme.tsx'
import { GraphController, type GraphUpdate, type Selection, type UpdateResult } from './controller.ts'
import { readTheme } from './stylesheet.ts'

export interface GraphCanvasHandle {
  fit(): void
  exportPng(background: string): Promise<Blob>
}

interface Props {
  update: GraphUpdate
  selection: Selection | undefined
  onSelect: (s: Selection | undefined) => void
  onUpdated?: (r: UpdateResult) => void
  renderer: GraphRenderer
  /** Accessible name of the picture. */
  label: string
}

declare global {
  interface Window {
    /** Browser tests (navigator.webdriver) read node positions and edge midpoints through this. */
    __trellisGraph?: GraphController['cy']
  }
}

/**
 * The drawn graph: one cytoscape instance per mount (per renderer: cytoscape cannot switch), fed
 * every new graph as a diff. The canvas is a picture to assistive technology; the side panel and
 * its lists are the way to every node and edge by keyboard.
 */
export const GraphCanvas = forwardRef<GraphCanvasHandle, Props>(function GraphCanvas(
  { update, selection, onSelect, onUpdated, renderer, label },
  ref,
) {
  const containerRef = useRef<HTMLDivElement>(null)
  const overlayRef = useRef<HTMLCanvasElement>(null)
  const [controller, setController] = useState<GraphController>()
  const onSelectRef = useRef(onSelect)
  onSelectRef.current = onSelect
  const onUpdatedRef = useRef(onUpdated)
  onUpdatedRef.current = onUpdated
  const { theme } = useTheme()

  useEffect(() => {
    const c = new GraphController(containerRef.current!, overlayRef.current!, renderer, readTheme(), (s) => onSelectRef.current(s))
    setController(c)
    if (navigator.webdriver) window.__trellisGraph = c.cy
    const observer = new ResizeObserver(() => c.resize())
    observer.observe(containerRef.current!)
    return () => {
      observer.disconnect()
      if (window.__trellisGraph === c.cy) delete window.__trellisGraph
      c.destroy()
    }
  }, [renderer])

  useEffect(() => {
    if (controller) onUpdatedRef.current?.(controller.update(update))
  }, [controller, update])

  useEffect(() => {
    controller?.select(selection)
  }, [controller, selection, update])

  useEffect(() => {
    // The theme's variables change with <html data-theme>, which the provider sets in an effect.
    if (controller) requestAnimationFrame(() => controller.setTheme(readTheme()))
  }, [controller, theme])

  useImperativeHandle(ref, () => ({
    fit: () => controller?.fit(),
    exportPng: (bg) => (controller ? controller.exportPng(bg) : Promise.reject(new Error('The graph is not drawn yet'))),
  }), [controller])

  return (
    <div className="graph-canvas-wrap">
      <div ref={containerRef} className="graph-canvas" role="img" aria-label={label} data-testid="graph-canvas" />
      <canvas ref={overlayRef} className="graph-overlay" aria-hidden="true" />
    </div>
  )
})
