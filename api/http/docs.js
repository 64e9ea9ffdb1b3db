// congvan API pages: start Swagger UI (/docs) or ReDoc (/redoc) on the service's own
// /openapi.json, with files served by the service (no request to any other host).
"use strict";

(() => {
  const swagger = document.getElementById("swagger-ui");
  if (swagger && window.SwaggerUIBundle) {
    window.ui = window.SwaggerUIBundle({
      url: swagger.dataset.openapi,
      dom_id: "#swagger-ui",
      deepLinking: true,
      validatorUrl: null,
      layout: "BaseLayout",
      presets: [window.SwaggerUIBundle.presets.apis],
    });
  }
  const redoc = document.getElementById("redoc");
  if (redoc && window.Redoc) {
    window.Redoc.init(redoc.dataset.openapi, { hideDownloadButton: false }, redoc);
  }
})();
