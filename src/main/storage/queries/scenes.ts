import type { Db } from '../connection';
import { stmt } from './live/statements';

// Scene switches during a class (migration 0240), shown on the Review timeline.

export type SceneName = 'pip' | 'camera' | 'screen';

export interface SceneChangeRow {
  at: number;
  scene: SceneName;
}

/** The class's scene switches in time order. */
export function sceneChanges(db: Db, sessionId: number): SceneChangeRow[] {
  return stmt(db, 'SELECT at, scene FROM scene_changes WHERE session_id = ? ORDER BY at, id').all(
    sessionId,
  ) as SceneChangeRow[];
}

/** The scene in force at the class's latest switch, or undefined before the first. */
export function lastScene(db: Db, sessionId: number): SceneName | undefined {
  const row = stmt(
    db,
    'SELECT scene FROM scene_changes WHERE session_id = ? ORDER BY at DESC, id DESC LIMIT 1',
  ).get(sessionId) as { scene: SceneName } | undefined;
  return row?.scene;
}

export function insertSceneChange(db: Db, sessionId: number, at: number, scene: SceneName): void {
  stmt(db, 'INSERT INTO scene_changes (session_id, at, scene) VALUES (?, ?, ?)').run(
    sessionId,
    at,
    scene,
  );
}
