import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
// The map's web worker, bundled by Vite with its imports and served from /assets like everything else.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import type { LngLatBoundsLike, MapMouseEvent, StyleSpecification } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useUiConfig } from '../app/ui-config';
import { useT } from '../i18n/i18n';

export interface MapFeature {
  id: string;
  geometry: GeoJSON.Geometry;
  /** Fill colour of an area, colour of a point. */
  color: string;
  label?: string;
  /** Shown on hover (with the label as its first line). */
  tooltip?: string;
  properties?: Record<string, string | number | null>;
}

/** Labels on the map only while they can be read: a district's hundreds of grids would be a smear. */
const MAX_LABELS = 20;

/** Where an area's label goes: the middle of its bounding box (good enough for grid-sized shapes). */
export function labelPoint(geometry: GeoJSON.Geometry): [number, number] | null {
  if (geometry.type === 'Point') return geometry.coordinates as [number, number];
  const b = boundsOf([{ id: '', geometry, color: '' }]) as [number, number, number, number] | null;
  return b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : null;
}

maplibregl.setWorkerUrl(workerUrl);

function boundsOf(features: MapFeature[]): LngLatBoundsLike | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of features) if ('coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

function style(tileUrl: string | null): StyleSpecification {
  return {
    version: 8,
    sources: tileUrl ? { base: { type: 'raster', tiles: [tileUrl], tileSize: 256 } } : {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
      ...(tileUrl ? [{ id: 'base', type: 'raster' as const, source: 'base' }] : []),
    ],
  };
}

/**
 * The platform's own GeoJSON (grid boundaries, case locations) drawn with MapLibre GL: no tile server is
 * needed; a raster tile URL from the gateway's config (WEB_MAP_TILE_URL) is drawn underneath when set.
 * Areas carry their names as labels (HTML, so no glyph server is needed) and a tooltip on hover.
 */
export function GeoMap({
  features,
  height = 360,
  label,
  selected,
  onSelect,
  onPick,
}: {
  features: MapFeature[];
  height?: number;
  label: string;
  /** The feature drawn outlined (a row picked in a table beside the map); the map moves to it. */
  selected?: string | null;
  onSelect?: (id: string) => void;
  /** A click anywhere on the map: where (a report's location). */
  onPick?: (at: { lat: number; lng: number }) => void;
}) {
  const t = useT();
  const { mapTileUrl } = useUiConfig();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!container.current) return;
    let instance: maplibregl.Map;
    try {
      instance = new maplibregl.Map({
        container: container.current,
        style: style(mapTileUrl),
        center: [113.35, 23.13],
        zoom: 11,
        attributionControl: false,
      });
    } catch {
      setFailed(true); // no WebGL
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    instance.on('load', () => {
      instance.addSource('features', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      instance.addLayer({
        id: 'areas',
        type: 'fill',
        source: 'features',
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.55, 'fill-outline-color': '#555' },
      });
      instance.addLayer({
        id: 'outlines',
        type: 'line',
        source: 'features',
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: { 'line-color': '#666', 'line-width': 0.6 },
      });
      instance.addLayer({
        id: 'selected',
        type: 'line',
        source: 'features',
        filter: ['==', ['get', 'id'], ''],
        paint: { 'line-color': '#0958d9', 'line-width': 3 },
      });
      instance.addLayer({
        id: 'points',
        type: 'circle',
        source: 'features',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 7,
          'circle-color': ['get', 'color'],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      });
      instance.on('click', 'areas', (e: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => {
        const id = e.features?.[0]?.properties?.id as string | undefined;
        if (id) select.current?.(id);
      });
      instance.on('click', (e: MapMouseEvent) => pick.current?.({ lat: e.lngLat.lat, lng: e.lngLat.lng }));
      const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: 'geo-tip' });
      const hover = (e: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => {
        const props = e.features?.[0]?.properties as { label?: string; tooltip?: string } | undefined;
        const text = [props?.label, props?.tooltip].filter(Boolean).join('\n');
        instance.getCanvas().style.cursor = select.current ? 'pointer' : '';
        if (!text) return void popup.remove();
        // Text, never HTML: names come from the registry.
        const node = document.createElement('div');
        node.style.whiteSpace = 'pre-line';
        node.textContent = text;
        popup.setLngLat(e.lngLat).setDOMContent(node).addTo(instance);
      };
      for (const layer of ['areas', 'points']) {
        instance.on('mousemove', layer, hover);
        instance.on('mouseleave', layer, () => {
          instance.getCanvas().style.cursor = '';
          popup.remove();
        });
      }
      setReady(true);
    });
    map.current = instance;
    return () => {
      instance.remove();
      map.current = null;
    };
  }, [mapTileUrl]);

  useEffect(() => {
    const instance = map.current;
    if (!instance || !ready) return;
    const source = instance.getSource<maplibregl.GeoJSONSource>('features');
    void source?.setData({
      type: 'FeatureCollection',
      features: features.map((f) => ({
        type: 'Feature',
        geometry: f.geometry,
        properties: {
          ...f.properties,
          id: f.id,
          color: f.color,
          label: f.label ?? '',
          tooltip: f.tooltip ?? '',
        },
      })),
    });
    const bounds = boundsOf(features);
    if (bounds) instance.fitBounds(bounds, { padding: 24, duration: 0, maxZoom: 16 });
    const labelled = features.filter((f) => f.label && f.geometry.type !== 'Point');
    const markers =
      labelled.length > MAX_LABELS
        ? []
        : labelled.flatMap((f) => {
            const at = labelPoint(f.geometry);
            if (!at) return [];
            const node = document.createElement('div');
            node.className = 'geo-label';
            node.textContent = f.label!;
            Object.assign(node.style, {
              font: '12px sans-serif',
              color: '#1f1f1f',
              textShadow: '0 0 2px #fff, 0 0 2px #fff',
              pointerEvents: 'none',
              whiteSpace: 'nowrap',
            });
            return [new maplibregl.Marker({ element: node }).setLngLat(at).addTo(instance)];
          });
    return () => markers.forEach((m) => m.remove());
  }, [features, ready]);

  useEffect(() => {
    const instance = map.current;
    if (!instance || !ready) return;
    instance.setFilter('selected', ['==', ['get', 'id'], selected ?? '']);
    const feature = selected ? features.find((f) => f.id === selected) : undefined;
    const bounds = feature ? boundsOf([feature]) : null;
    if (bounds) instance.fitBounds(bounds, { padding: 48, duration: 0, maxZoom: 17 });
  }, [selected, features, ready]);

  if (failed)
    return (
      <div
        role="region"
        aria-label={label}
        style={{ height, display: 'grid', placeItems: 'center', background: '#f4f1ea' }}
      >
        {t('map.unavailable')}
      </div>
    );
  return <div ref={container} role="region" aria-label={label} style={{ height, width: '100%' }} />;
}
