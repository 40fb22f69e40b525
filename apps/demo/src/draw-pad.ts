import { addPoint, drawStroke, type Point, type Stroke } from './stroke-path';

export interface DrawPadOptions {
  /** Pen width in backing-store pixels. */
  penWidth: number;
  /** CSS colours; the network reads ink against paper, so keep them high-contrast. */
  ink?: string;
  paper?: string;
}

/** What changed on the pad: a stroke started, grew or ended, or strokes were undone or cleared. */
export type PadChange = 'stroke-start' | 'stroke-move' | 'stroke-end' | 'undo' | 'clear' | 'resize';

/**
 * A canvas you draw on with mouse, touch or pen (pointer events). It keeps
 * the strokes as point lists, so undo and resizing redraw them exactly, and
 * renders them as smooth curves with a round pen.
 */
export class DrawPad {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly strokes: Stroke[] = [];
  private activePointer: number | undefined;
  private frame: number | undefined;
  private readonly listeners = new Set<(change: PadChange) => void>();
  penWidth: number;
  private readonly ink: string;
  private readonly paper: string;

  constructor(canvas: HTMLCanvasElement, options: DrawPadOptions) {
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('Expected a 2-D canvas context for the drawing pad, found none. Use a browser with canvas support.');
    this.canvas = canvas;
    this.context = context;
    this.penWidth = options.penWidth;
    this.ink = options.ink ?? '#ffffff';
    this.paper = options.paper ?? '#000000';
    canvas.style.touchAction = 'none';
    canvas.addEventListener('pointerdown', this.onPointerDown);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerup', this.onPointerEnd);
    canvas.addEventListener('pointercancel', this.onPointerEnd);
    canvas.addEventListener('lostpointercapture', this.onPointerEnd);
    // Stop long-press menus and selection on touch screens while drawing.
    canvas.addEventListener('contextmenu', (event) => event.preventDefault());
    this.render();
  }

  /** Number of finished or in-progress strokes. */
  get strokeCount(): number {
    return this.strokes.length;
  }

  get isEmpty(): boolean {
    return this.strokes.length === 0;
  }

  get isDrawing(): boolean {
    return this.activePointer !== undefined;
  }

  /** Calls `listener` on every change; returns a function that removes it. */
  onChange(listener: (change: PadChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Removes the last stroke. Returns false when there was nothing to undo. */
  undo(): boolean {
    if (this.strokes.length === 0) return false;
    this.endActiveStroke(false);
    this.strokes.pop();
    this.render();
    this.emit('undo');
    return true;
  }

  clear(): void {
    this.endActiveStroke(false);
    this.strokes.length = 0;
    this.render();
    this.emit('clear');
  }

  /** Changes the backing-store size, scaling the existing strokes with it. */
  resize(width: number, height: number, penWidth: number): void {
    const sx = width / this.canvas.width;
    const sy = height / this.canvas.height;
    for (const stroke of this.strokes) {
      for (const point of stroke) {
        point.x *= sx;
        point.y *= sy;
      }
    }
    this.canvas.width = width;
    this.canvas.height = height;
    this.penWidth = penWidth;
    this.render();
    this.emit('resize');
  }

  /** Redraws every stroke now. */
  render(): void {
    if (this.frame !== undefined) {
      cancelAnimationFrame(this.frame);
      this.frame = undefined;
    }
    const { context, canvas } = this;
    context.fillStyle = this.paper;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = this.ink;
    context.fillStyle = this.ink;
    for (const stroke of this.strokes) drawStroke(context, stroke, this.penWidth);
  }

  destroy(): void {
    this.canvas.removeEventListener('pointerdown', this.onPointerDown);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerup', this.onPointerEnd);
    this.canvas.removeEventListener('pointercancel', this.onPointerEnd);
    this.canvas.removeEventListener('lostpointercapture', this.onPointerEnd);
    this.listeners.clear();
  }

  private emit(change: PadChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private scheduleRender(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  private toCanvasPoint(event: PointerEvent): Point {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) * this.canvas.width) / rect.width,
      y: ((event.clientY - rect.top) * this.canvas.height) / rect.height,
    };
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    // One pen at a time (a resting palm or a second finger does not draw), primary button only.
    if (this.activePointer !== undefined || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this.activePointer = event.pointerId;
    try {
      this.canvas.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no capturable pointer; drawing still works inside the canvas.
    }
    this.strokes.push([this.toCanvasPoint(event)]);
    this.scheduleRender();
    this.emit('stroke-start');
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    if (event.pointerId !== this.activePointer) return;
    event.preventDefault();
    const stroke = this.strokes[this.strokes.length - 1];
    if (!stroke) return;
    // Coalesced events carry the points the browser merged between frames: smoother fast strokes.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    let added = false;
    for (const sample of events.length > 0 ? events : [event]) added = addPoint(stroke, this.toCanvasPoint(sample)) || added;
    if (!added) return;
    this.scheduleRender();
    this.emit('stroke-move');
  };

  private readonly onPointerEnd = (event: PointerEvent): void => {
    if (event.pointerId !== this.activePointer) return;
    const stroke = this.strokes[this.strokes.length - 1];
    if (stroke && event.type === 'pointerup') addPoint(stroke, this.toCanvasPoint(event));
    this.endActiveStroke(true);
  };

  private endActiveStroke(notify: boolean): void {
    if (this.activePointer === undefined) return;
    const pointer = this.activePointer;
    this.activePointer = undefined;
    if (this.canvas.hasPointerCapture?.(pointer)) this.canvas.releasePointerCapture(pointer);
    this.render();
    if (notify) this.emit('stroke-end');
  }
}
