/** Demo credentials of the built-in simulator config (environments/ords-simulator.yaml). */
export const DEMO = {
  alias: 'myapi',
  myapi: { id: 'Te8yn-qGmBoX6jzpPhnUXA..', secret: '7KZWVPkkzNZ_gpcS0l-YFw..' },
  license: { id: 'LbC3x9Qe0sWm2Hk7TjVnRg..', secret: 'hP4u-Zr8YdNq1KfXc6GvAw..' },
  norole: { id: 'Nr0LeQ7sTz2Vb9MxCk4PjA..', secret: 'Wd5oYh1Ui8Gf3Ra6Ln0EsQ..' },
  expiring: { id: 'Ex9pIrEdQm4Lt7Zs2Bv1Nw..', secret: 'Tk3nDy6Fa0Hc8Jw5Pu2XeA..' },
  user: { name: 'qa_user', password: 'qa_password' },
} as const;

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
