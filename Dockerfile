# The app image used by docker-compose.yml (production profile). Build context: the repository root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /build/target/tracking-writeback-*.jar app.jar
COPY routes routes
RUN useradd --system --home /app writeback && mkdir -p /app/data && chown writeback /app/data
USER writeback
EXPOSE 8080
# the heap the performance figures were measured with (docs/performance.md); override in the environment
ENV JAVA_TOOL_OPTIONS="-Xmx192m"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
